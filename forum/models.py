"""The peer forum: categories, threads, posts, reactions, flags, suspensions and the moderation log."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils import timezone

from community.links import link

if TYPE_CHECKING:
    from .selectors import PostView

FORMER_MEMBER = "a former member"
# The support category where a member asks the community for help at a hard moment.
RIGHT_NOW_SLUG = "right-now"


class Category(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    moderators_only_posting = models.BooleanField(
        default=False, help_text="Only moderators may start threads here; members may still reply."
    )
    is_public = models.BooleanField(
        default=False, help_text="Visitors who are not logged in may read it. Members-only otherwise."
    )
    # Not columns: set by selectors.category_list for the forum's category list.
    thread_count: int
    latest_thread: "Thread | None"

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("forum:category", self.slug)


class PostStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"
    REJECTED = "rejected", "Rejected"
    REMOVED = "removed", "Removed by author"


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
    )
    title = models.CharField(max_length=150)
    # Mirrors the opening post: a thread is listed for others only once its first post is published.
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.PENDING)
    created_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    post_count = models.PositiveIntegerField(default=0, help_text="Published posts.")
    # The author of the latest published post, kept with last_activity_at for the Latest list.
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Not a column: thread_create sets it on the thread it returns, so the caller has the opening post
    # at hand without a query.
    opening_post: "Post"

    class Meta:
        indexes = [
            models.Index(
                fields=["category", "-is_pinned", "-last_activity_at", "-id"], name="forum_thread_list_idx"
            ),
            models.Index(fields=["-is_pinned", "-last_activity_at", "-id"], name="forum_thread_all_idx"),
            models.Index(fields=["-last_activity_at", "-id"], name="forum_thread_latest_idx"),
            # Counting a category's threads by status reads this index alone, not every thread.
            models.Index(fields=["category", "status"], name="forum_thread_count_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return link("forum:thread", self.pk)

    @property
    def author_name(self) -> str:
        return self.author.handle if self.author is not None else FORMER_MEMBER

    @property
    def last_poster_name(self) -> str:
        return self.last_poster.handle if self.last_poster is not None else FORMER_MEMBER

    @property
    def is_unread(self) -> bool:
        """Opened before by the viewer, with activity since (`last_read_at`: the viewer's mark,
        annotated by the forum selectors)."""
        last_read_at = getattr(self, "last_read_at", None)
        return last_read_at is not None and self.last_activity_at > last_read_at


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )
    is_opening = models.BooleanField(default=False)
    body = models.TextField(max_length=20000)
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.PENDING)
    is_crisis = models.BooleanField(default=False)
    # In the review queue: pending, flagged or crisis posts not yet looked at by a moderator.
    needs_review = models.BooleanField(default=False)
    review_since = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=500, blank=True)
    milestone_days = models.PositiveIntegerField(null=True, blank=True)
    quote_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_by_author = models.BooleanField(default=False)
    # Bumped by every moderation decision, so two moderators cannot act on the same state twice.
    version = models.PositiveIntegerField(default=1)

    # Not columns: set on the posts that selectors.posts_decorate returns (what the viewer sees of them)
    # and selectors.review_queue_decorate returns (what moderators need to decide).
    reaction_summary: list[dict[str, Any]]
    view: "PostView"
    flag_list: list["Flag"]
    author_history: dict[str, int]
    author_suspended: bool
    return_to: str

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "status", "created_at", "id"], name="forum_post_thread_idx"),
            models.Index(fields=["author", "created_at"], name="forum_post_author_idx"),
            models.Index(
                fields=["-is_crisis", "review_since", "id"],
                name="forum_post_queue_idx",
                condition=models.Q(needs_review=True),
            ),
            # Whether a member has posts of their own only they can see in a thread: a few rows.
            models.Index(
                fields=["author", "thread"],
                name="forum_post_own_unpublished_idx",
                condition=models.Q(status__in=["pending", "rejected", "hidden"]),
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return link("forum:post", self.pk)

    @property
    def author_name(self) -> str:
        return self.author.handle if self.author is not None else FORMER_MEMBER


class PostRevision(models.Model):
    """The text of a post before an edit; visible to moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        HUG = "hug", "Hug"
        STAY_STRONG = "stay_strong", "Stay strong"
        SAME_HERE = "same_here", "Same here"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user", "kind"], name="forum_reaction_unique")]

    def __str__(self) -> str:
        return f"{self.kind} on post {self.post_id}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        HARASSMENT = "harassment", "Harassment"
        IDENTIFYING = "identifying", "Identifying details of someone (a name, number or address)"
        CRISIS = "crisis", "Crisis or self-harm"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    # None once the reporter has left: their open flags still count, one reporter each.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_flags"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forum_flag_unique")]
        indexes = [models.Index(fields=["post", "status"], name="forum_flag_post_idx")]

    def __str__(self) -> str:
        return f"{self.reason} flag on post {self.post_id}"

    @property
    def reporter_name(self) -> str:
        return self.user.handle if self.user is not None else FORMER_MEMBER


class ThreadFollow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="forum_follow_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id}"


class ThreadRead(models.Model):
    """When a member last opened a thread, for unread markers."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reads")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="forum_read_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id}"


class SuspensionQuerySet(models.QuerySet):
    def active(self) -> "SuspensionQuerySet":
        """Not lifted, and without an end or ending later than now."""
        return self.filter(lifted_at__isnull=True).filter(
            models.Q(until__isnull=True) | models.Q(until__gt=timezone.now())
        )


class Suspension(models.Model):
    """A member who may read but not post, react or flag until `until` (None: until lifted)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_suspensions"
    )
    until = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "lifted_at"], name="forum_suspension_user_idx")]

    def __str__(self) -> str:
        return f"Suspension of {self.user_id}"


class ModeratorNote(models.Model):
    """What a moderator wants the others to know about a member. Append-only, moderators only.

    Not the member's own data: moderators wrote it about them, to keep everyone safe, so it is not
    in their export (forum.privacy). It goes with their account when they erase it (CASCADE).
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_notes_about"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="moderator_notes_written"
    )
    text = models.CharField(max_length=2000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"], name="forum_modnote_member_idx")]

    def __str__(self) -> str:
        return f"Note about {self.member_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionDenied("Moderator notes are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Moderator notes are append-only.")

    @property
    def author_name(self) -> str:
        return self.author.handle if self.author is not None else FORMER_MEMBER


class CrisisPhrase(models.Model):
    """Words that suggest a member may be in danger; matched case-insensitively in every post."""

    phrase = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class RejectionReason(models.Model):
    """A ready-made reason a moderator picks when turning down a post; the author reads `text`."""

    label = models.CharField(max_length=60, unique=True, help_text="What moderators see in the list.")
    text = models.CharField(
        max_length=300, help_text="What the author reads: kind and clear, saying what they can do instead."
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class ModerationLogEntry(models.Model):
    """One moderator action. Append-only: never changed, never deleted, on the site or in the admin.

    The one exception is a member's erasure: it rewrites their handle in `moderator_handle` and
    `target` to "a former member" (forum.privacy.log_forget_member), because a member who leaves
    takes their name with them. What was done, when and why stays as it was written.
    """

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved a post"
        REJECT = "reject", "Rejected a post"
        HIDE = "hide", "Hid a post"
        RESTORE = "restore", "Restored a post"
        EDIT = "edit", "Edited a post"
        UPHOLD_FLAGS = "uphold_flags", "Upheld flags"
        DISMISS_FLAGS = "dismiss_flags", "Dismissed flags"
        FLAG_HIDE = "flag_hide", "Flagged and hid a post"
        LOCK = "lock", "Locked a thread"
        UNLOCK = "unlock", "Unlocked a thread"
        PIN = "pin", "Pinned a thread"
        UNPIN = "unpin", "Unpinned a thread"
        MOVE = "move", "Moved a thread"
        SUSPEND = "suspend", "Suspended a member"
        LIFT_SUSPENSION = "lift_suspension", "Lifted a suspension"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator_handle = models.CharField(max_length=30)
    action = models.CharField(max_length=20, choices=Action.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target = models.CharField(
        max_length=200, help_text="What was acted on, kept even if it is deleted later."
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "moderation log entries"

    def __str__(self) -> str:
        return f"{self.moderator_handle}: {self.get_action_display()} ({self.target})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionDenied("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The moderation log is append-only.")


class Draft(models.Model):
    """A reply (with its thread) or a new thread (no thread; with its category and title) a member
    has begun: saved as they type, restored on any device, deleted once posted. Private: only its
    author ever reads it, in their export too."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_drafts")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=150, blank=True)
    body = models.TextField(max_length=20000, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="forum_draft_per_thread",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(thread__isnull=True), name="forum_draft_new_thread"
            ),
        ]

    def __str__(self) -> str:
        return f"Draft by {self.user_id}"

    def get_absolute_url(self) -> str:
        """Where the member goes on writing it."""
        if self.thread_id is not None:
            return reverse("forum:reply", args=[self.thread_id])
        if self.category is not None:
            return reverse("forum:thread_new", args=[self.category.slug])
        return reverse("forum:categories")
