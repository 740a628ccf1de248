"""What every test app starts from: the small fixture content, a fixed secret, and cheap password hashing."""
from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
CONTENT = FIXTURES / "content"
TEST_SECRET = "test-secret-key-" + "x" * 32
SETTINGS = {"TESTING": True, "SECRET_KEY": TEST_SECRET, "QUESTIONS_DIR": str(CONTENT),
            "PASSWORD_TIME_COST": 1, "PASSWORD_MEMORY_KIB": 8192,  # argon2id, cheap for tests
            "START_LIMIT": 10_000}  # property tests start hundreds of readers from one address; its own test lowers it
