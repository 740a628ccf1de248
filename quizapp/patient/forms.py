"""Forms the patient fills in. Choices are set per question, so a foreign choice fails validation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..content.model import DONT_KNOW

# The answer step's two submit buttons: each checks the answer and says how sure the reader is.
CONFIDENCE = (("sure", _("Check – I'm sure")), ("unsure", _("Check – I'm guessing")))
# What the two buttons show on a phone, where both must fit one line side by side; their names stay the full words.
CONFIDENCE_SHORT = {"sure": _("I'm sure"), "unsure": _("I'm guessing")}
SAY_HOW_SURE = _("Please press “Check – I'm sure” or “Check – I'm guessing”. Nothing was saved.")


class AnswerForm(FlaskForm):
    choice = RadioField(_("Your answer"), validators=[InputRequired(_("Please choose one answer."))], choices=[])
    confidence = RadioField(_("How sure are you?"), validate_choice=False,
                            choices=[SelectChoice(value, label) for value, label in CONFIDENCE])

    def validate_confidence(self, field) -> None:
        """Require how sure the reader is, unless they said "I don't know yet" (then there is nothing to be sure of)."""
        if field.data and field.data not in dict(CONFIDENCE):
            raise ValidationError(SAY_HOW_SURE)
        if not field.data and self.choice.data != DONT_KNOW:
            raise ValidationError(SAY_HOW_SURE)

    @property
    def sureness(self) -> str | None:
        """What to store as the answer's confidence: none for "I don't know yet"."""
        return None if self.choice.data == DONT_KNOW else (self.confidence.data or None)

    def for_question(self, choice_ids: list[str]) -> "AnswerForm":
        """Limit the answer to this question's own choices."""
        self.choice_ids = set(choice_ids)
        self.choice.choices = [SelectChoice(c, c) for c in choice_ids]
        return self

    @property
    def picked_foreign_choice(self) -> bool:
        """Tell whether a choice was sent that is not one of this question's."""
        sent = self.choice.raw_data[0] if self.choice.raw_data else ""
        return bool(sent) and sent not in self.choice_ids


class EmptyForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


ROLES = (("patient", _("I am the patient")), ("parent", _("I am a parent or guardian of the patient")),
         ("caregiver", _("I am a family member or caregiver")))
# Who a person is, said in a sentence ("reading as the patient"); "self" reads without a care team's link.
READING_AS = {"patient": _("the patient"), "parent": _("a parent or guardian"),
              "caregiver": _("a family member or caregiver"), "self": _("someone reading on their own")}
A_READER = _("a reader")


class CodeForm(FlaskForm):
    code = StringField(_("Your code"), validators=[InputRequired(_("Please type the code from your care team.")),
                                                   Length(max=40, message=_("That is longer than a code."))])


class JoinForm(FlaskForm):
    role = RadioField(_("Who is reading?"), validators=[InputRequired(_("Please say who is reading."))],
                      choices=[SelectChoice(value, label) for value, label in ROLES])
    # Ticked only on purpose: someone else in a role already read on this device, so they get answers of their own.
    new = StringField(validators=[Optional(), Length(max=1)])


class ReaderForm(FlaskForm):
    """Switch who is reading on a shared device: the id must be one this browser already holds."""
    person = StringField("Reader", validators=[InputRequired(), Length(max=40)])
