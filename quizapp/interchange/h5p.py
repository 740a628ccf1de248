"""H5P: a .h5p package (h5p.json, content/content.json, pictures) holding an H5P.QuestionSet of MultiChoice.

H5P keeps its buttons' words inside each content file, so they are written in the topic's language.
The package holds content only: it opens where the H5P.QuestionSet and H5P.MultiChoice libraries are
installed (every Moodle, WordPress or Drupal site with H5P has them).
"""
from __future__ import annotations

import html
import io
import json
import uuid
import zipfile

from ..content.loader import FIGURES_DIR

LIBRARIES = {"H5P.QuestionSet": (1, 20), "H5P.MultiChoice": (1, 16), "H5P.Image": (1, 1)}
WORDS = {
    "en": {"checkAnswerButton": "Check", "submitAnswerButton": "Submit", "showSolutionButton": "Show solution",
           "tryAgainButton": "Retry", "scoreBarLabel": "You got :num out of :total points",
           "correctAnswer": "Correct answer", "wrongAnswer": "Wrong answer",
           "a11yCheck": "Check the answers. The responses will be marked as correct, incorrect, or unanswered.",
           "a11yShowSolution": "Show the solution. The task will be marked with its correct solution.",
           "a11yRetry": "Retry the task. Reset all responses and start the task over again.",
           "prevButton": "Previous question", "nextButton": "Next question", "finishButton": "Finish",
           "textualProgress": "Question: @current of @total questions", "begin": "Start",
           "result": "You got @score of @total points", "retry": "Retry", "solutions": "Show solutions"},
    "es": {"checkAnswerButton": "Comprobar", "submitAnswerButton": "Enviar", "showSolutionButton": "Ver la solución",
           "tryAgainButton": "Reintentar", "scoreBarLabel": "Obtuvo :num de :total puntos",
           "correctAnswer": "Respuesta correcta", "wrongAnswer": "Respuesta incorrecta",
           "a11yCheck": "Comprobar las respuestas. Se marcarán como correctas, incorrectas o sin responder.",
           "a11yShowSolution": "Ver la solución. La tarea se marcará con su solución correcta.",
           "a11yRetry": "Reintentar la tarea. Se borran todas las respuestas y se empieza de nuevo.",
           "prevButton": "Pregunta anterior", "nextButton": "Pregunta siguiente", "finishButton": "Terminar",
           "textualProgress": "Pregunta @current de @total", "begin": "Empezar",
           "result": "Obtuvo @score de @total puntos", "retry": "Reintentar", "solutions": "Ver las soluciones"},
}


def _lib(name: str) -> str:
    major, minor = LIBRARIES[name]
    return f"{name} {major}.{minor}"


def write(doc: dict, note: dict, dont_know: tuple[str, str]) -> bytes:
    """The topic's first-round questions as an H5P question set (zip bytes)."""
    lang = note["lang"]
    words = WORDS.get(lang, WORDS["en"])
    files: dict[str, bytes] = {}
    questions = []
    for s in doc["sections"]:
        media = None
        if s.get("figure"):
            fig = s["figure"]
            files[f"content/images/{fig['file']}"] = (FIGURES_DIR / fig["file"]).read_bytes()
            media = {"type": {"library": _lib("H5P.Image"), "subContentId": _uid(fig["file"]),
                              "params": {"file": {"path": f"images/{fig['file']}", "mime": "image/svg+xml"},
                                         "alt": fig["alt"], "title": fig["caption"], "decorative": False},
                              "metadata": {"title": fig["caption"]}}}
        for n, item in enumerate(s["questions"]):
            questions.append(_multichoice(item, words, dont_know, media if n == 0 else None))
    content = {
        "introPage": {"showIntroPage": True, "title": doc["title"], "introduction": doc.get("summary", ""),
                      "startButtonText": words["begin"]},
        "progressType": "textual", "passPercentage": 50, "questions": questions,
        "texts": {"prevButton": words["prevButton"], "nextButton": words["nextButton"],
                  "finishButton": words["finishButton"], "textualProgress": words["textualProgress"]},
        "endGame": {"showResultPage": True, "showSolutionButton": True, "showRetryButton": True,
                    "scoreBarLabel": words["scoreBarLabel"], "overallFeedback": [{"from": 0, "to": 100}],
                    "solutionButtonText": words["solutions"], "retryButtonText": words["retry"],
                    "finishButtonText": words["finishButton"]},
        "override": {"checkButton": True},
    }
    h5p = {"title": doc["title"], "language": lang, "mainLibrary": "H5P.QuestionSet", "embedTypes": ["iframe"],
           "license": "U", "defaultLanguage": lang,
           "preloadedDependencies": [{"machineName": name, "majorVersion": v[0], "minorVersion": v[1]}
                                     for name, v in LIBRARIES.items()]}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("h5p.json", json.dumps(h5p, ensure_ascii=False, indent=1))
        z.writestr("content/content.json", json.dumps(content, ensure_ascii=False, indent=1))
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _multichoice(item: dict, words: dict, dont_know: tuple[str, str], media: dict | None) -> dict:
    answers = [{"text": html.escape(c["text"]), "correct": bool(c.get("correct")),
                "tipsAndFeedback": {"tip": "", "chosenFeedback": c["feedback"], "notChosenFeedback": ""}}
               for c in item["choices"]]
    answers.append({"text": html.escape(dont_know[0]), "correct": False,
                    "tipsAndFeedback": {"tip": "", "chosenFeedback": dont_know[1], "notChosenFeedback": ""}})
    ui = {k: words[k] for k in ("checkAnswerButton", "submitAnswerButton", "showSolutionButton", "tryAgainButton",
                                "scoreBarLabel", "correctAnswer", "wrongAnswer", "a11yCheck", "a11yShowSolution",
                                "a11yRetry")}
    params = {"question": f"<p>{html.escape(item['prompt'])}</p>", "answers": answers, "weight": 1, "UI": ui,
              "overallFeedback": [{"from": 0, "to": 100, "feedback": item["explanation"]}],
              "behaviour": {"enableRetry": True, "enableSolutionsButton": True, "enableCheckButton": True,
                            "type": "single", "singlePoint": False, "randomAnswers": False,
                            "showSolutionsRequiresInput": True, "confirmCheckDialog": False,
                            "confirmRetryDialog": False, "autoCheck": False, "passPercentage": 100,
                            "showScorePoints": True}}
    if media:
        params["media"] = media
    return {"library": _lib("H5P.MultiChoice"), "params": params, "subContentId": _uid(item["id"]),
            "metadata": {"title": item["id"]}}


def _uid(name: str) -> str:
    """A sub-content id that stays the same from one export to the next."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "quizapp:" + name))

