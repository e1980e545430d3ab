"""Forum pages: thin views over the selectors and services, working without JavaScript."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.selectors import member_get_by_handle
from community.exceptions import ApplicationError

from . import cache as forum_cache
from . import selectors, services
from .exports import moderation_log_csv
from .forms import (
    BulkDecisionForm,
    EditForm,
    FlagForm,
    LogFilterForm,
    ModeratorEditForm,
    ModeratorNoteForm,
    MoveForm,
    PostForm,
    QueueFilterForm,
    RightNowForm,
    SearchForm,
    SuspendForm,
    ThreadForm,
)
from .models import Category, Post, PostStatus, Thread

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 20
MAX_PER_PAGE = 100


def _me(request: HttpRequest) -> User:
    """The signed-in member, on views that require one."""
    return cast(User, request.user)


def moderator_required(view):
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _me(request).is_moderator:
            raise PermissionDenied("Only moderators can open this page.")
        return view(request, *args, **kwargs)

    return wrapped


def _per_page(request: HttpRequest, default: int) -> int:
    try:
        return max(1, min(MAX_PER_PAGE, int(request.GET.get("per_page", default))))
    except ValueError:
        return default


def _needs_login(request: HttpRequest, category: Category) -> bool:
    return not category.is_public and not request.user.is_authenticated


def _error_message(error: Exception) -> str:
    if isinstance(error, ApplicationError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _post_context(request: HttpRequest) -> dict:
    """What the viewer may do: post, or read why not."""
    return {"suspension": selectors.member_suspension_shown(user=_me(request))}


def _previewing(request: HttpRequest) -> bool:
    """The form was sent with its Preview button: show the post as it will look, save nothing."""
    return request.method == "POST" and "preview" in request.POST


def _preview_html(form: PostForm | ThreadForm | EditForm) -> str | None:
    """The HTML the form's text gets once posted (services.post_preview), or None with a form error."""
    if not form.is_valid():
        return None
    try:
        return services.post_preview(body=form.cleaned_data["body"])
    except ApplicationError as error:
        form.add_error("body", error.message)
        return None


def index(request: HttpRequest) -> HttpResponse:
    """The forum's landing tab: what is new in every category the viewer may read."""
    if _visitor_cacheable(request):
        public = selectors.category_list(viewer=request.user)
        version = forum_cache.categories_version(category.pk for category in public)
        key = f"forum:page:latest:{version}:{request.get_full_path()}"
        return forum_cache.visitor_page(key, lambda: _latest_page(request, has_categories=bool(public)))
    return _latest_page(request, has_categories=True)


def _latest_page(request: HttpRequest, *, has_categories: bool) -> HttpResponse:
    per_page = _per_page(request, THREADS_PER_PAGE)
    number = _page_number(request)
    start = (number - 1) * per_page
    # One more than the page, to know whether there is a next one without counting every thread.
    page_of = selectors.thread_latest(viewer=request.user)[start : start + per_page + 1]
    keyed = selectors.page_keys(page_of)
    rows = forum_cache.latest_rows(
        keyed=keyed[:per_page], load=lambda missing: selectors.rows_in_order(page_of, missing)
    )
    context = {
        "tab": "latest",
        "thread_rows": [mark_safe(html) for html in rows],  # noqa: S308 (rendered templates)
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if len(keyed) > per_page else None,
        "has_categories": has_categories,
    }
    return render(request, "forum/latest.html", context)


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "")
    return max(1, min(int(value), 10_000)) if value.isdigit() else 1


def categories(request: HttpRequest) -> HttpResponse:
    context = {"tab": "categories", "categories": selectors.category_list(viewer=request.user)}
    return render(request, "forum/index.html", context)


def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get_by_slug(slug=slug)
    if _needs_login(request, category):
        return redirect_to_login(request.get_full_path())
    if category.is_public and _visitor_cacheable(request):
        key = f"forum:page:category:{forum_cache.category_version(category.pk)}:{request.get_full_path()}"
        return forum_cache.visitor_page(key, lambda: _category_page(request, category))
    return _category_page(request, category)


def _visitor_cacheable(request: HttpRequest) -> bool:
    """A visitor's page that can come from the cache: only paging in the query string."""
    return set(request.GET) <= {"page", "per_page"} and forum_cache.visitor_may_use_cache(request)


def _category_page(request: HttpRequest, category: Category) -> HttpResponse:
    threads, _ = selectors.category_threads(viewer=request.user, category=category)
    version = forum_cache.category_version(category.pk)
    count = selectors.thread_list_count(viewer=request.user, category=category, version=version)
    page = selectors.CountedPaginator(threads, _per_page(request, THREADS_PER_PAGE), count=count).get_page(
        request.GET.get("page")
    )
    can_start = request.user.is_authenticated and (
        not category.moderators_only_posting or _me(request).is_moderator
    )
    page.object_list = selectors.page_rows(cast(QuerySet[Thread], page.object_list))
    rows = forum_cache.thread_rows(threads=page.object_list, version=version)
    context = {
        "category": category,
        "page": page,
        "can_start": can_start,
        "thread_rows": [mark_safe(html) for html in rows],  # noqa: S308 (rendered templates)
    }
    return render(request, "forum/category.html", context)


@login_required
def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get_by_slug(slug=slug)
    draft = selectors.draft_for(user=_me(request), thread=None)
    initial = {"title": draft.title, "body": draft.body} if draft is not None else {}
    form = ThreadForm(request.POST or None, initial=initial)
    preview = _preview_html(form) if _previewing(request) else None
    if request.method == "POST" and not _previewing(request) and form.is_valid():
        try:
            thread = services.thread_create(author=_me(request), category=category, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _after_posting(request, thread.opening_post)
    context = {
        "category": category,
        "form": form,
        "preview": preview,
        "draft": draft,
        **_post_context(request),
    }
    return render(request, "forum/thread_new.html", context)


@login_required
def right_now_ask(request: HttpRequest) -> HttpResponse:
    """Ask the community for support now: a short form that starts a thread in Right now."""
    category = selectors.right_now_category()
    form = RightNowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.right_now_ask(author=_me(request), **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _after_posting(request, thread.opening_post)
    context = {"category": category, "form": form, **_post_context(request)}
    return render(request, "forum/right_now_ask.html", context)


def _after_posting(request: HttpRequest, post: Post) -> HttpResponse:
    if post.is_crisis:
        messages.warning(
            request,
            "Your post is saved. It sounds like things are very hard right now: you matter, and people "
            "are ready to listen, day and night. Here is who you can reach.",
        )
        return redirect("crisis_resources")
    if post.status == PostStatus.PENDING:
        messages.info(
            request,
            "Thank you. Your post is waiting for a moderator; new members' first posts are read "
            "before they appear. Only you can see it for now.",
        )
    else:
        messages.success(request, "Your post is published.")
    return redirect(post.get_absolute_url())


def _login_instead_of_404(view):
    """Visitors are asked to log in rather than told a members-only page does not exist."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())

    return wrapped


@_login_instead_of_404
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    version = forum_cache.thread_version(thread_id)
    if _visitor_cacheable(request):
        # Only pages a visitor may read are rendered for a visitor, so only those are kept.
        key = f"forum:page:thread:{version}:{thread_id}:{request.get_full_path()}"
        return forum_cache.visitor_page(key, lambda: _thread_page(request, thread_id, version))
    return _thread_page(request, thread_id, version)


def _thread_page(request: HttpRequest, thread_id: int, version: str) -> HttpResponse:
    thread = selectors.thread_to_read(thread_id=thread_id, viewer=request.user, version=version)
    page, posts_on_page = selectors.post_page(
        thread=thread,
        viewer=request.user,
        number=request.GET.get("page"),
        per_page=_per_page(request, POSTS_PER_PAGE),
        version=version,
    )
    page.object_list = selectors.posts_decorate(
        posts=posts_on_page, viewer=request.user, last_read_at=getattr(thread, "last_read_at", None)
    )
    context = {
        "thread": thread,
        "page": page,
        "reply_form": PostForm(),
        "flag_form": FlagForm(),
        "is_followed": getattr(thread, "is_followed", False),
    }
    if request.user.is_authenticated:
        context.update(_post_context(request))
        draft_body = getattr(thread, "draft_body", None)
        if draft_body:
            context["reply_form"] = PostForm(initial={"body": draft_body})
            context["draft"] = {"updated_at": getattr(thread, "draft_saved_at", None)}
        if _me(request).is_moderator:
            context["categories"] = selectors.category_choices()
        services.thread_mark_read(user=_me(request), thread=thread)
    fragments = forum_cache.post_fragments(
        request=request,
        posts=page.object_list,
        context=context,
        version=version,
        keep=not selectors.is_moderator(user=request.user),
    )
    context["post_fragments"] = [mark_safe(html) for html in fragments]  # noqa: S308 (rendered templates)
    return render(request, "forum/thread.html", context)


@_login_instead_of_404
def post_permalink(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get_for(post_id=post_id, viewer=request.user)
    position = selectors.post_position(post=post, viewer=request.user)
    page = position // POSTS_PER_PAGE + 1
    return redirect(f"{reverse('forum:thread', args=[post.thread_id])}?page={page}#post-{post.pk}")


@login_required
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get_for(thread_id=thread_id, viewer=request.user)
    quote = None
    quote_id = request.POST.get("quote_of") or request.GET.get("quote")
    if quote_id and str(quote_id).isdigit():
        quote = selectors.post_get_for(post_id=int(quote_id), viewer=request.user)
    draft = selectors.draft_for(user=_me(request), thread=thread)
    initial = {"quote_of": quote.pk if quote else None, "body": draft.body if draft is not None else ""}
    form = PostForm(request.POST or None, initial=initial)
    preview = _preview_html(form) if _previewing(request) else None
    if request.method == "POST" and not _previewing(request) and form.is_valid():
        try:
            post = services.reply_create(
                author=_me(request), thread=thread, body=form.cleaned_data["body"], quote_of=quote
            )
        except ApplicationError as error:
            form.add_error("body" if error.field in (None, "body") else None, error.message)
        else:
            return _after_posting(request, post)
    context = {
        "thread": thread,
        "form": form,
        "quote": quote,
        "preview": preview,
        "draft": draft,
        **_post_context(request),
    }
    return render(request, "forum/reply.html", context)


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get_for(post_id=post_id, viewer=request.user)
    if post.author_id != request.user.pk:
        raise PermissionDenied("You can only edit your own posts.")
    form = EditForm(request.POST or None, initial={"body": post.body})
    preview = _preview_html(form) if _previewing(request) else None
    if request.method == "POST" and not _previewing(request) and form.is_valid():
        try:
            post = services.post_edit(user=_me(request), post=post, body=form.cleaned_data["body"])
        except ApplicationError as error:
            form.add_error("body", error.message)
        else:
            if post.is_crisis:
                messages.warning(
                    request, "Your changes are saved. You matter: here is who you can reach right now."
                )
                return redirect("crisis_resources")
            messages.success(request, "Your changes are saved.")
            return redirect(post.get_absolute_url())
    return render(request, "forum/post_edit.html", {"post": post, "form": form, "preview": preview})


@login_required
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get_for(post_id=post_id, viewer=request.user)
    if post.author_id != request.user.pk:
        raise PermissionDenied("You can only delete your own posts.")
    if request.method == "POST":
        services.post_remove(user=_me(request), post=post)
        messages.success(request, "Your post is deleted. It now shows as removed by its author.")
        return redirect(post.thread.get_absolute_url())
    return render(request, "forum/post_delete.html", {"post": post})


@login_required
@require_POST
def post_react(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get_for(post_id=post_id, viewer=request.user)
    try:
        services.reaction_toggle(user=_me(request), post=post, kind=request.POST.get("kind", ""))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(post.get_absolute_url())


@login_required
def post_flag(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get_for(post_id=post_id, viewer=request.user)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(user=_me(request), post=post, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Thank you for telling us. A moderator will look at it.")
            return redirect(post.thread.get_absolute_url())
    return render(request, "forum/post_flag.html", {"post": post, "form": form, **_post_context(request)})


@login_required
@require_POST
def thread_follow(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get_for(thread_id=thread_id, viewer=request.user)
    if request.POST.get("follow") == "0":
        services.thread_unfollow(user=_me(request), thread=thread)
        messages.success(request, "You no longer follow this thread.")
    else:
        services.thread_follow(user=_me(request), thread=thread)
        messages.success(request, "You follow this thread: replies will show in your notifications.")
    return redirect(thread.get_absolute_url())


@login_required
def drafts(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/drafts.html", {"drafts": selectors.draft_list(user=_me(request))})


def search(request: HttpRequest) -> HttpResponse:
    categories = selectors.category_choices_for(viewer=request.user)
    form = SearchForm(request.GET or None, categories=categories)
    context: dict[str, Any] = {"form": form, "query": "", "page": None}
    if not form.is_valid():
        return render(request, "forum/search.html", context)
    query = form.cleaned_data["q"].strip()
    if not query:
        context["empty"] = "q" in request.GET
        return render(request, "forum/search.html", context)
    category = next((c for c in categories if c.slug == form.cleaned_data["category"]), None)
    author = None
    if form.cleaned_data["author"]:
        try:
            author = member_get_by_handle(handle=form.cleaned_data["author"].lstrip("@"))
        except Http404:
            form.add_error("author", "No member has that handle. Check the spelling, or leave it empty.")
            return render(request, "forum/search.html", context)
    found = selectors.post_search(query=query, viewer=request.user, category=category, author=author)
    page = Paginator(found, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    posts = list(page.object_list)
    excerpts = selectors.search_excerpts(posts=posts, query=query)
    # Escaped, and only then given its <mark>s, by search_excerpts.
    results = [(post, mark_safe(excerpts[post.pk])) for post in posts]  # noqa: S308
    context.update({"query": query, "page": page, "results": results})
    return render(request, "forum/search.html", context)


# Moderation


@moderator_required
def review_queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, categories=selectors.category_choices_kept())
    filters = form.cleaned_data if form.is_valid() else {}
    posts = selectors.review_queue(show=filters.get("show", ""), category=filters.get("category"))
    page = Paginator(posts, _per_page(request, 25)).get_page(request.GET.get("page"))
    page.object_list = items = selectors.review_queue_decorate(posts=page.object_list)
    here = request.get_full_path()
    for index, post in enumerate(items):
        # After a decision the post leaves the queue: come back to the one after it (or before it).
        following = items[index + 1] if index + 1 < len(items) else items[index - 1] if index else None
        post.return_to = f"{here}#post-{following.pk}" if following else f"{here}#queue"
    context = {"page": page, "form": form, "here": here, "reasons": selectors.rejection_reasons()}
    return render(request, "forum/queue.html", context)


BULK_LABELS = {"approve": "Approve", "dismiss": "Dismiss the flags of"}


@moderator_required
@require_POST
def review_queue_bulk(request: HttpRequest) -> HttpResponse:
    """Approve or dismiss the flags of the posts checked in the queue, after one confirmation."""
    back = _safe_next(request) or reverse("forum:queue")
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect(back)
    action, items = form.cleaned_data["action"], form.cleaned_data["item"]
    if request.POST.get("confirmed") != "yes":
        posts = selectors.review_queue_decorate(posts=[Post(pk=post_id) for post_id, _ in items])
        context = {"form": form, "posts": posts, "label": BULK_LABELS[action], "back": back}
        return render(request, "forum/queue_bulk_confirm.html", context)
    try:
        outcome = services.posts_bulk_decide(moderator=_me(request), action=action, items=items)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(back)
    done = len(outcome.done)
    verb = "approved" if action == "approve" else "cleared of their flags"
    messages.success(request, f"{done} post{'s' if done != 1 else ''} {verb}.")
    if outcome.already_handled:
        messages.warning(
            request,
            f"{len(outcome.already_handled)} of the posts you checked were left as they were: another "
            "moderator already handled them, or they had no open flags. The queue shows their current state.",
        )
    return redirect(back)


POST_ACTIONS: dict[str, tuple[Callable[..., Post], str]] = {
    "approve": (services.post_approve, "The post is published."),
    "reject": (services.post_reject, "The post is rejected; the author sees your reason."),
    "hide": (services.post_hide, "The post is hidden."),
    "restore": (services.post_restore, "The post is visible again."),
    "uphold": (services.flags_uphold, "The flags are upheld and the post is hidden."),
    "dismiss": (services.flags_dismiss, "The flags are dismissed."),
}


@moderator_required
@require_POST
def post_moderate(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get_for(post_id=post_id, viewer=request.user)
    action = POST_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Please choose an action.")
        return redirect("forum:queue")
    service, done = action
    kwargs: dict[str, Any] = {"moderator": _me(request), "post": post, "expected_version": _version(request)}
    if service in (services.post_reject, services.post_hide):
        kwargs["reason"] = request.POST.get("reason", "")
    preset = request.POST.get("preset", "")
    if service is services.post_reject and preset.isdigit():
        kwargs["preset"] = selectors.rejection_reason_get(pk=int(preset))
    try:
        service(**kwargs)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(_safe_next(request) or reverse("forum:queue"))


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return target if target and allowed else ""


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@moderator_required
def post_moderator_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get_for(post_id=post_id, viewer=request.user)
    form = ModeratorEditForm(request.POST or None, initial={"body": post.body, "version": post.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_moderator_edit(
                moderator=_me(request),
                post=post,
                body=form.cleaned_data["body"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ApplicationError as error:
            form.add_error("body" if error.field == "body" else None, error.message)
        else:
            messages.success(request, "The post is edited; its earlier text is kept in its history.")
            return redirect(post.get_absolute_url())
    context = {"post": post, "form": form, "revisions": selectors.post_revisions(post=post)}
    return render(request, "forum/post_moderator_edit.html", context)


THREAD_ACTIONS: dict[str, tuple[Callable[..., Thread], dict[str, bool], str]] = {
    "lock": (services.thread_lock, {"locked": True}, "The thread is locked."),
    "unlock": (services.thread_lock, {"locked": False}, "The thread is open again."),
    "pin": (services.thread_pin, {"pinned": True}, "The thread is pinned."),
    "unpin": (services.thread_pin, {"pinned": False}, "The thread is no longer pinned."),
}


@moderator_required
@require_POST
def thread_moderate(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get_for(thread_id=thread_id, viewer=request.user)
    action = request.POST.get("action", "")
    try:
        if action == "move":
            form = MoveForm(request.POST)
            if not form.is_valid():
                raise ApplicationError("Please choose a category.")
            services.thread_move(
                moderator=_me(request), thread=thread, category=form.cleaned_data["category"]
            )
            messages.success(request, f"The thread is moved to {form.cleaned_data['category'].name}.")
        elif action in THREAD_ACTIONS:
            service, kwargs, done = THREAD_ACTIONS[action]
            service(moderator=_me(request), thread=thread, **kwargs)
            messages.success(request, done)
        else:
            messages.error(request, "Please choose an action.")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(thread.get_absolute_url())


@moderator_required
def member_page(request: HttpRequest, handle: str) -> HttpResponse:
    """Everything moderators know about one member, with Suspend, Lift and notes in one place."""
    return _member_page(request, member_get_by_handle(handle=handle))


def _member_page(
    request: HttpRequest,
    member: User,
    *,
    suspend_form: SuspendForm | None = None,
    note_form: ModeratorNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    post_status = request.GET.get("status", "")
    if post_status not in PostStatus.values:
        post_status = ""
    history = selectors.member_history(member=member, post_status=post_status)
    context = {
        "member": member,
        "history": history,
        "post_status": post_status,
        "post_filters": [(value, label, history.post_counts[value]) for value, label in PostStatus.choices],
        "suspension": selectors.member_active_suspension(user=member),
        "form": suspend_form or SuspendForm(),
        "note_form": note_form or ModeratorNoteForm(),
    }
    return render(request, "forum/member.html", context, status=status)


def _member_url(member: User, anchor: str) -> str:
    return f"{reverse('forum:member', args=[member.handle])}#{anchor}"


@moderator_required
def member_suspend(request: HttpRequest, handle: str) -> HttpResponse:
    member = member_get_by_handle(handle=handle)
    if request.method != "POST":
        return redirect(_member_url(member, "suspend"))
    if request.POST.get("action") == "lift":
        try:
            services.suspension_lift(
                moderator=_me(request), user=member, reason=request.POST.get("reason", "")
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{member.handle} can post again.")
        return redirect(_member_url(member, "suspend"))
    form = SuspendForm(request.POST)
    if form.is_valid():
        try:
            services.member_suspend(
                moderator=_me(request),
                user=member,
                days=form.suspension_days(),
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"{member.handle} is suspended from posting.")
            return redirect(_member_url(member, "suspend"))
    return _member_page(request, member, suspend_form=form)


@moderator_required
@require_POST
def member_note_add(request: HttpRequest, handle: str) -> HttpResponse:
    member = member_get_by_handle(handle=handle)
    form = ModeratorNoteForm(request.POST)
    if form.is_valid():
        try:
            services.moderator_note_add(moderator=_me(request), member=member, text=form.cleaned_data["text"])
        except ApplicationError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, "Your note is saved. Only moderators can read it.")
            return redirect(_member_url(member, "notes"))
    return _member_page(request, member, note_form=form)


def _log_filters(request: HttpRequest) -> tuple[LogFilterForm, dict | None]:
    """The filter form and what it selects; None when the filters are not valid."""
    form = LogFilterForm(request.GET or None)
    if not form.is_bound:
        return form, {}
    return form, form.filters() if form.is_valid() else None


@moderator_required
def moderation_log(request: HttpRequest) -> HttpResponse:
    form, filters = _log_filters(request)
    page = Paginator(selectors.moderation_log(**(filters or {})), 50).get_page(request.GET.get("page"))
    export = None if filters is None else f"{reverse('forum:log_export')}?{request.GET.urlencode()}"
    return render(request, "forum/log.html", {"form": form, "page": page, "export_url": export})


@moderator_required
def moderation_log_export(request: HttpRequest) -> HttpResponseBase:
    """The log with the page's filters, as CSV for a spreadsheet; the page explains bad filters."""
    _, filters = _log_filters(request)
    if filters is None:
        messages.error(request, "Please correct the filters before downloading.")
        return redirect(f"{reverse('forum:log')}?{request.GET.urlencode()}")
    return moderation_log_csv(selectors.moderation_log(**filters))
