"""Forms the patient fills in. Choices are set per question, so a foreign choice fails validation."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

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
