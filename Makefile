# The two commands of the README: `make run` serves the site with demo content, `make test` runs
# every test. Both set up .venv first and are safe to run again.
.PHONY: run test setup lint format

setup:
	@scripts/bootstrap

run: setup
	.venv/bin/python manage.py vapid_keys --env-file .env
	.venv/bin/python manage.py migrate --noinput
	.venv/bin/python manage.py seed_demo
	.venv/bin/python manage.py runserver 127.0.0.1:8000

# Browser tests run in a pytest process of their own: while Playwright's event loop runs, the ORM in
# that thread works on other connection objects than the rest of the suite expects.
test: setup
	@scripts/browser-deps
	.venv/bin/python -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)
	.venv/bin/python -m pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/mypy

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
