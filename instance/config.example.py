# Copy to instance/config.py and edit. Every setting can also come from a QUIZAPP_* environment variable.
# DATABASE_URL = "postgresql+psycopg://quizapp:secret@127.0.0.1/quizapp"
# SECRET_KEY = "paste 64 hex characters from: python3 -c 'import secrets; print(secrets.token_hex(32))'"
# ENV_NAME = "production"
