"""Forum forms: the fields members and moderators fill in; the rules live in services."""

from django import forms

from .models import Category, Flag, ModerationLogEntry

BODY_HELP = "Markdown is welcome. Please leave out anything that identifies you, your ex or anyone else."


class ThreadForm(forms.Form):
    title = forms.CharField(label="Title", max_length=150)
    body = forms.CharField(
        label="Your post", max_length=20000, widget=forms.Textarea(attrs={"rows": 10}), help_text=BODY_HELP
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
    DAYS = (("1", "1 day"), ("3", "3 days"), ("7", "7 days"), ("30", "30 days"), ("", "Until lifted"))
    days = forms.ChoiceField(label="For how long", choices=DAYS, required=False)
    reason = forms.CharField(
        label="Reason (the member sees this)", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(label="Move to", queryset=Category.objects.all(), empty_label=None)


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="Action", choices=[("", "Any"), *ModerationLogEntry.Action.choices], required=False
    )
    moderator = forms.CharField(label="Moderator handle", max_length=30, required=False)
    member = forms.CharField(label="Member handle", max_length=30, required=False)
