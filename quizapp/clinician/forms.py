"""Forms a clinician fills in."""
from __future__ import annotations

import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..assigning import identifier_in
from ..languages import names


def printable(form, field) -> None:
    """Refuse control characters (NUL and friends), which no person types and some databases reject."""
    if field.data and (not isinstance(field.data, str) or not field.data.isprintable()):
        raise ValidationError(_("Please use only letters, numbers, spaces and punctuation."))


LABEL_WARNING = _("Optional. Something only you will recognise, like “Tuesday 2 pm consult”. "
                  "Do not enter names, dates of birth, record numbers or emails.")
# The kinds of identifier the label check names (see assigning.IDENTIFIER_PATTERNS), said in the page's language.
KINDS = {"an email address": _("an email address"), "a date": _("a date"),
         "a record or phone number": _("a record or phone number"),
         "a date of birth or record number": _("a date of birth or record number")}


class DayField(DateField):
    def process_formdata(self, valuelist) -> None:
        """Say plainly what a date should look like, in the page's language."""
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            self.data = None
            raise ValueError(_("Please give a date like 2026-12-24.")) from exc


def sensible_date(form, field) -> None:
    """Accept only a date someone could mean (the field itself refuses what is not a date)."""
    if field.data and not 2000 <= field.data.year <= 2100:
        raise ValidationError(_("Please give a date like 2026-12-24."))


class LoginForm(FlaskForm):
    email = EmailField(_("Email"), validators=[InputRequired(_("Please enter your email.")), Length(max=254),
                                               printable])
    password = PasswordField(_("Password"), validators=[InputRequired(_("Please enter your password.")),
                                                     Length(max=1024)])


class Checkboxes(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class WholeNumber(IntegerField):
    def process_formdata(self, valuelist) -> None:
        """Say plainly what a number should look like; refuse a long run of digits before any arithmetic."""
        try:
            if valuelist and not re.fullmatch(r"\s*[+-]?[0-9]{1,6}\s*", str(valuelist[0])):
                raise ValueError("not a small whole number")
            super().process_formdata(valuelist)
        except ValueError as exc:
            self.data = None
            raise ValueError(_("Please give the number of days as a whole number, like 30.")) from exc


class AssignmentForm(FlaskForm):
    modules = Checkboxes(_("Reading to assign"), validators=[InputRequired(_("Please pick at least one topic."))],
                         invalid_choice_message=_("Please pick topics from the list."))
    label = StringField(_("Label for your own list"), description=LABEL_WARNING,
                        validators=[Optional(), printable,
                                    Length(max=80, message=_("Please keep the label under 80 characters."))])
    lang = RadioField(_("Language of the reading and the handout"), default="en",
                      choices=lambda: [SelectChoice(code, name) for code, name in names().items()])
    days = WholeNumber(_("Link works for (days)"), default=30,
                        validators=[InputRequired(_("Please say how many days the link should work.")),
                                    NumberRange(1, 365, _("Please choose between 1 and 365 days."))])

    pre_check = BooleanField(_("Start with a quick check before the reading (one question per idea, no marks)"),
                             default=True)
    consult_on = DayField(_("Consult date (optional): a quick re-check is offered from 3 days before it"),
                           validators=[Optional(), sensible_date], format="%Y-%m-%d",
                           render_kw={"class": "short"})

    def validate_label(self, field) -> None:
        """Refuse labels that look like they identify the patient."""
        kind = identifier_in(field.data or "")
        if kind:
            raise ValidationError(gettext("This label seems to hold %(kind)s. Labels must not identify the patient: "
                                          "no names, dates of birth, record numbers or emails.",
                                          kind=KINDS.get(kind, kind)))


class EmptyForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


class PasswordForm(FlaskForm):
    """Change one's own password: the current one first, then the new one twice."""
    current = PasswordField(_("Current password"), validators=[InputRequired(_("Please enter your current password.")),
                                                               Length(max=1024)])
    new = PasswordField(_("New password"), description=_("At least 12 characters. A few unrelated words work well."),
                        validators=[InputRequired(_("Please enter a new password.")),
                                    Length(min=12, max=1024, message=_("Please use 12 to 1024 characters."))])
    repeat = PasswordField(_("New password again"),
                           validators=[InputRequired(_("Please enter the new password again."))])

    def validate_repeat(self, field) -> None:
        """The two new passwords must match."""
        if field.data != self.new.data:
            raise ValidationError(_("The two new passwords are not the same."))


class CodeForm(FlaskForm):
    """The six digits from the authenticator app, or a recovery code."""
    code = StringField(_("Code"), description=_("The 6 digits your authenticator app shows, or one of your recovery "
                                                "codes."),
                       validators=[InputRequired(_("Please enter the code.")), Length(max=20), printable])


class PasswordCheckForm(FlaskForm):
    """The current password, asked again before a change to how one signs in."""
    current = PasswordField(_("Current password"), validators=[InputRequired(_("Please enter your current password.")),
                                                               Length(max=1024)])


class ConsultForm(FlaskForm):
    """Set or clear an assignment's consult date."""
    consult_on = DayField(_("Consult date"), validators=[Optional(), sensible_date], format="%Y-%m-%d",
                           render_kw={"class": "short"})


def consult_form(assignment) -> ConsultForm:
    """The consult-date form of an assignment, showing the date set."""
    form = ConsultForm()
    if form.consult_on.data is None:
        form.consult_on.data = assignment.consult_on
    return form
