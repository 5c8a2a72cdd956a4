"""My safety plan, kept only inside the encrypted journal (one JSON document in one row)."""

from __future__ import annotations

import json

from journal_app.domain import utc_now
from journal_app.domain.safety_plan import SafetyPlan, validate_plan
from journal_app.storage.database import Store
from journal_app.storage.rows import timestamp


class SafetyPlanStore(Store):
    """``vault.safety_plan``: read and save the plan (there is one per journal)."""

    def get(self) -> SafetyPlan:
        """The saved plan, or an empty one when none was written yet."""
        rows = self._database.query("SELECT document FROM safety_plan WHERE id = 1")
        if not rows:
            return SafetyPlan()
        return SafetyPlan.from_dict(json.loads(rows[0][0]))

    def exists(self) -> bool:
        return bool(self._database.query("SELECT 1 FROM safety_plan WHERE id = 1"))

    def save(self, plan: SafetyPlan) -> None:
        validate_plan(plan)
        document = json.dumps(plan.to_dict(), ensure_ascii=False, sort_keys=True)
        with self._database.transaction() as connection:
            connection.execute(
                "INSERT INTO safety_plan (id, document, updated_at) VALUES (1, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET document = excluded.document,"
                " updated_at = excluded.updated_at",
                (document, timestamp(utc_now())),
            )

    def clear(self) -> None:
        with self._database.transaction() as connection:
            connection.execute("DELETE FROM safety_plan")
