"""Forms the patient fills in. Choices are set per question, so a foreign choice fails validation."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

CONFIDENCE = (("sure", "Sure"), ("unsure", "Not sure"))


class AnswerForm(FlaskForm):
    choice = RadioField("Your answer", validators=[InputRequired("Please choose one answer.")], choices=[])
    confidence = RadioField("How sure are you?", validators=[Optional()],
                            choices=[SelectChoice(value, label) for value, label in CONFIDENCE])

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


ROLES = (("patient", "I am the patient"), ("parent", "I am a parent or guardian of the patient"),
         ("caregiver", "I am a family member or caregiver"))
# Who a person is, said in a sentence ("reading as the patient"); "self" reads without a care team's link.
READING_AS = {"patient": "the patient", "parent": "a parent or guardian", "caregiver": "a family member or caregiver",
              "self": "someone reading on their own"}


class CodeForm(FlaskForm):
    code = StringField("Your code", validators=[InputRequired("Please type the code from your care team."),
                                                Length(max=40, message="That is longer than a code.")])


class JoinForm(FlaskForm):
    role = RadioField("Who is reading?", validators=[InputRequired("Please say who is reading.")],
                      choices=[SelectChoice(value, label) for value, label in ROLES])


class ReaderForm(FlaskForm):
    """Switch who is reading on a shared device: the id must be one this browser already holds."""
    person = StringField("Reader", validators=[InputRequired(), Length(max=40)])
