"""The patient's way through: home, reading, questions, feedback, results, retry, consult sheet."""
