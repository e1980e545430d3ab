# The two commands of the README: `make run` serves the site with demo content, `make test` runs
# every test. Both set up .venv first and are safe to run again.
.PHONY: run test setup lint format

setup:
	@scripts/bootstrap

run: setup
	.venv/bin/python manage.py migrate --noinput
	.venv/bin/python manage.py seed_demo
	.venv/bin/python manage.py runserver 127.0.0.1:8000

test: setup
	.venv/bin/python -m pytest -n 2 $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
