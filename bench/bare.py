"""The baseline: the smallest Flask app, served under the same gunicorn settings as quizapp."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Return a short string: the most a Flask worker can serve on this machine."""
    return "Hello, world!"
