"""Forum forms: the fields members and moderators fill in; the rules live in services."""

from django import forms
from django.core.exceptions import ValidationError

from .models import Category, Flag, ModerationLogEntry
from .selectors import QueueShow
from .services.moderation import BULK_ACTIONS

BODY_HELP = "Markdown is welcome. Please leave out anything that identifies you, your ex or anyone else."


class ThreadForm(forms.Form):
    title = forms.CharField(label="Title", max_length=150)
    body = forms.CharField(
        label="Your post", max_length=20000, widget=forms.Textarea(attrs={"rows": 10}), help_text=BODY_HELP
    )


class RightNowForm(forms.Form):
    title = forms.CharField(
        label="A few words for the title (optional)",
        max_length=150,
        required=False,
        help_text="Leave it empty and the first words of your message are used.",
    )
    body = forms.CharField(
        label="What is happening right now?",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="As short as you like. Please leave out names and details that identify you or your ex.",
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label="Your reply", max_length=20000, widget=forms.Textarea(attrs={"rows": 6}), help_text=BODY_HELP
    )
    quote_of = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    body = forms.CharField(
        label="Your post", max_length=20000, widget=forms.Textarea(attrs={"rows": 10}), help_text=BODY_HELP
    )


class ModeratorEditForm(forms.Form):
    body = forms.CharField(label="Post", max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    reason = forms.CharField(label="Why (the author sees this)", max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label="What is wrong?", choices=Flag.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="A note for the moderators",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you chose “Something else”. Only moderators read it.",
    )


SEARCH_MAX_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the forum",
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": "Please search with 200 characters or fewer: a few words find the most.",
        },
    )
    category = forms.ChoiceField(label="Category", required=False)
    author = forms.CharField(label="Written by (handle)", max_length=30, required=False)

    def __init__(self, *args, categories: list[Category], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "All categories"), *((category.slug, category.name) for category in categories)]
        self.fields["category"].choices = choices  # type: ignore[attr-defined]


class SuspendForm(forms.Form):
    UNTIL_LIFTED = "until_lifted"
    DAYS = (
        ("1", "1 day"),
        ("3", "3 days"),
        ("7", "7 days"),
        ("30", "30 days"),
        (UNTIL_LIFTED, "Until a moderator lifts it"),
    )
    days = forms.ChoiceField(label="For how long", choices=DAYS, initial="1", widget=forms.RadioSelect)
    confirm_until_lifted = forms.BooleanField(
        label="With no end date: I confirm they stay paused until a moderator lifts it.", required=False
    )
    reason = forms.CharField(
        label="Reason (the member sees this)", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        # A pause with no end is the heaviest choice: never the default, and confirmed on purpose.
        if data.get("days") == self.UNTIL_LIFTED and not data.get("confirm_until_lifted"):
            self.add_error(
                "confirm_until_lifted", "To pause with no end date, please tick this box to confirm."
            )
        return data

    def suspension_days(self) -> int | None:
        days = self.cleaned_data["days"]
        return None if days == self.UNTIL_LIFTED else int(days)


class ModeratorNoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note for the moderators",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only moderators read notes. They cannot be changed or deleted later.",
    )


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(label="Move to", queryset=Category.objects.all(), empty_label=None)


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="Action", choices=[("", "Any"), *ModerationLogEntry.Action.choices], required=False
    )
    moderator = forms.CharField(label="Moderator", max_length=30, required=False)
    member = forms.CharField(label="Member", max_length=30, required=False)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        super().clean()
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and since > until:
            self.add_error("until", "Please choose a day on or after the first one.")
        return self.cleaned_data

    def filters(self) -> dict:
        """What selectors.moderation_log takes, from a valid form."""
        data = self.cleaned_data
        return {
            "action": data["action"],
            "moderator_handle": data["moderator"],
            "member_handle": data["member"],
            "since": data["since"],
            "until": data["until"],
        }


class QueueFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Show", choices=[("", "Everything waiting"), *QueueShow.choices], required=False
    )
    category = forms.ChoiceField(label="Category", required=False)

    def __init__(self, *args, categories: list[Category], **kwargs) -> None:
        # The categories come from the cache: the queue's filter costs no query.
        super().__init__(*args, **kwargs)
        self.categories = {category.slug: category for category in categories}
        category_field = self.fields["category"]
        assert isinstance(category_field, forms.ChoiceField)
        category_field.choices = [("", "Any"), *((c.slug, c.name) for c in categories)]

    def clean_category(self) -> Category | None:
        return self.categories.get(self.cleaned_data["category"])


class PostVersionsField(forms.Field):
    """Checked posts as "id:version" pairs: the version each was seen at, for the optimistic lock."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[tuple[int, int]]:
        items = []
        for raw in value or []:
            post_id, _, version = str(raw).partition(":")
            if not (post_id.isdigit() and version.isdigit()):
                raise ValidationError("Please select posts from the queue.")
            items.append((int(post_id), int(version)))
        return items


class BulkDecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in BULK_ACTIONS])
    item = PostVersionsField(error_messages={"required": "Please select at least one post."})
