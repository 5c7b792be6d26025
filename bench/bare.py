"""The yardstick for the request stack (issue 20): a bare Flask app answering tiny JSON, nothing else.

`bench/run.py` serves it with the same gunicorn settings as Ritme in the same run and compares
Ritme's `GET /api/v1/health` with this app's `GET /hello`: what is left is the fixed cost of Ritme's
request stack (security headers, rate limits, session, CSRF, the unit of work) plus one `SELECT 1`.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello():
    return {"status": "ok"}
