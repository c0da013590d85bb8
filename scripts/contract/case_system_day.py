"""A case system's working day against a running Samlet, through the Python client
openapi-python-client generated from openapi.json: what a vendor's integration does.

    python case_system_day.py BASE_URL TOKEN CLIENT_PACKAGE_DIR

The token needs every scope and must serve municipality 751. The server runs in demo mode:
the citizen's side (signing in, lodging the appeal, sending a document, adding a reason
after pickup) is played by the demo citizen Jens Hansen with plain HTTP, as the app would.
Every step asserts what the case system gets back; any failure exits non-zero.
"""

import hashlib
import importlib
import io
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

base, token, package_dir = sys.argv[1], sys.argv[2], Path(sys.argv[3])
sys.path.insert(0, str(package_dir.parent))
client_package = importlib.import_module(package_dir.name)


def module(name):
    return importlib.import_module(f"{package_dir.name}.{name}")


api = lambda op: module(f"api.integration.{op}")  # noqa: E731
models = module("models")
File = module("types").File

system = client_package.AuthenticatedClient(base_url=base, token=token, raise_on_unexpected_status=False)
PERSON = "DEMO-0001"  # Jens Hansen, whom the demo citizen signs in as


def ok(response, status=200):
    assert response.status_code == status, f"{response.status_code}: {response.content[:400]!r}"
    return response.parsed


def written(response, outcome):
    result = ok(response)
    assert result.outcome.value == outcome, f"{result.outcome} != {outcome}"
    return result


# Morning: the jobcentre's system feeds the plan.
written(
    api("write_goal").sync_detailed(
        "JC-G-1",
        client=system,
        body=models.GoalWrite(person_ref=PERSON, version=1, life_area=models.LifeArea.JOB_EDUCATION, title="Job i detailhandlen"),
    ),
    "created",
)
written(
    api("write_goal").sync_detailed(
        "JC-G-1",
        client=system,
        body=models.GoalWrite(person_ref=PERSON, version=1, life_area=models.LifeArea.JOB_EDUCATION, title="Job i detailhandlen"),
    ),
    "unchanged",
)
conflict = api("write_goal").sync_detailed(
    "JC-G-1",
    client=system,
    body=models.GoalWrite(person_ref=PERSON, version=1, life_area=models.LifeArea.JOB_EDUCATION, title="Noget andet"),
)
assert conflict.status_code == 409 and json.loads(conflict.content)["code"] == "version_conflict", conflict.content
written(
    api("write_sub_goal").sync_detailed(
        "JC-S-1",
        client=system,
        body=models.SubGoalWrite(
            goal="JC-G-1",
            version=1,
            title="Praktik i en butik",
            success_criterion="Fire uger gennemført",
            status=models.SubGoalStatus.IN_PROGRESS,
            unit="Jobcenter Aarhus",
        ),
    ),
    "created",
)
written(
    api("write_activity").sync_detailed(
        "JC-A-1",
        client=system,
        body=models.ActivityWrite(goal="JC-G-1", version=1, title="Praktik", provider="Føtex Aarhus C"),
    ),
    "created",
)
starts = (datetime.now(timezone.utc) + timedelta(days=10)).replace(microsecond=0)
written(
    api("write_meeting").sync_detailed(
        "JC-M-1",
        client=system,
        body=models.MeetingWrite(person_ref=PERSON, version=1, title="Opfølgning", starts_at=starts, ends_at=starts + timedelta(hours=1)),
    ),
    "created",
)
written(
    api("write_caseworker").sync_detailed(
        "JC-CW-1",
        client=system,
        body=models.CaseworkerWrite(
            version=1,
            full_name="Birgitte Holm",
            role="Koordinerende sagsbehandler",
            unit="Jobcenter Aarhus",
            phone="+45 87 13 40 09",
            email="birgitte.holm@example.dk",
            reachable="Mandag til torsdag kl. 9-15",
        ),
    ),
    "created",
)
written(
    api("write_contact").sync_detailed(client=system, body=models.ContactWrite(person_ref=PERSON, version=1, caseworker="JC-CW-1")),
    "created",
)

# The decision, with its letter.
letter = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
shared = api("share_document").sync_detailed(
    "JC-BREV-1",
    client=system,
    body=models.SharedDocumentForm(
        file=File(payload=io.BytesIO(letter), file_name="afgoerelse.pdf", mime_type="application/pdf"),
        person_ref=PERSON,
        title="Afgørelse om praktik",
        sender="Jobcenter Aarhus",
    ),
)
assert shared.status_code == 201, shared.content
decision = written(
    api("publish_decision").sync_detailed(
        "JC-AF-1",
        client=system,
        body=models.DecisionWrite(
            person_ref=PERSON,
            version=1,
            title="Afgørelse om praktik og ledighedsydelse",
            channel=models.DeliveryChannel.DIGITAL_POST,
            sent_at=datetime.now(timezone.utc) - timedelta(days=1),
            reasoning="Vi har set på din situation som helhed.",
            appeal_guidance="Du kan klage inden 4 uger.",
            document="JC-BREV-1",
            parts=[
                models.DecisionPartWrite(intervention="Praktik", outcome=models.PartOutcome.GRANTED, law="LAB § 42", explanation="Fire uger."),
                models.DecisionPartWrite(intervention="Ledighedsydelse", outcome=models.PartOutcome.REFUSED, law="LAB § 74", explanation="Ikke nu."),
            ],
        ),
    ),
    "created",
)

# The citizen, in the app: signs in, sends a document, appeals the refused part.
citizen = httpx.Client(base_url=base, headers={"Origin": base})
accounts = citizen.get("/api/demo/accounts").json()
jens = next(a for a in accounts if a["name"] == "Jens Hansen")
assert citizen.post("/api/session/demo", json={"account_id": jens["account_id"]}).status_code == 200
payslip = b"%PDF-1.4\n% payslip " + hashlib.sha256(str(datetime.now()).encode()).hexdigest().encode() + b"\n%%EOF\n"
sent = citizen.post("/api/documents", files={"file": ("loenseddel.pdf", payslip, "application/pdf")}, data={"title": "Lønseddel"})
assert sent.status_code == 201, sent.text
parts = citizen.get(f"/api/decisions/{decision.id}").json()["parts"]
refused_part = next(p["id"] for p in parts if p["outcome"] == "refused")
form = {"part_ids": [refused_part], "part_reasons": [], "reason": "Jeg er syg og kan ikke arbejde nu.", "document_ids": [],
        "wants_meeting": False, "wants_call": False, "helper": "", "late_reason": ""}
lodged = citizen.post(f"/api/decisions/{decision.id}/appeal", json=form)
assert lodged.status_code == 201, lodged.text
reference = lodged.json()["reference"]

# Afternoon: the case system picks up what citizens sent, by cursor.
cursor = None
documents = []
while True:
    page = ok(api("list_sent_documents").sync_detailed(client=system, **({"after": cursor} if cursor else {}), limit=1))
    documents += page.documents
    cursor = page.next_cursor
    if not page.has_more:
        break
payslip_entry = next(d for d in documents if d.document.title == "Lønseddel")
assert payslip_entry.person_ref == PERSON
download = api("download_sent_document").sync_detailed(payslip_entry.document.id, client=system)
assert download.status_code == 200, download.content[:200]
assert hashlib.sha256(download.content).hexdigest() == payslip_entry.sha256 == hashlib.sha256(payslip).hexdigest()
if isinstance(download.parsed, File):
    assert download.parsed.payload.read() == payslip, "the generated client's File holds the bytes"
assert api("acknowledge_sent_document").sync_detailed(payslip_entry.document.id, client=system).status_code == 204

appeals = ok(api("list_lodged_appeals").sync_detailed(client=system))
mine = next(a for a in appeals.appeals if a.appeal.reference == reference)
assert mine.person_ref == PERSON
assert api("acknowledge_appeal").sync_detailed(reference, client=system).status_code == 204
moved = api("change_appeal_status").sync_detailed(
    reference, client=system, body=models.AppealStatusChange(status=models.AppealStatus.RECONSIDERING, note="Vi genvurderer.")
)
assert moved.status_code == 204, moved.content
backwards = api("change_appeal_status").sync_detailed(reference, client=system, body=models.AppealStatusChange(status=models.AppealStatus.RECEIVED))
assert backwards.status_code == 409 and json.loads(backwards.content)["code"] == "invalid_transition", backwards.content
changes = ok(api("list_appeal_changes").sync_detailed(client=system))
cursor = changes.next_cursor

# Evening: the citizen adds a reason after pickup; it reaches the case system.
added = citizen.post(f"/api/decisions/{decision.id}/appeal/additions", json={"text": "Min læge har skrevet en erklæring.", "document_ids": []})
assert added.status_code == 201, added.text
late = ok(api("list_appeal_changes").sync_detailed(client=system, after=cursor))
assert [c.reference for c in late.changes] == [reference], late
assert late.changes[0].addition.text == "Min læge har skrevet en erklæring."
now = ok(api("get_lodged_appeal").sync_detailed(reference, client=system))
assert now.appeal.status.value == "reconsidering"
assert any(a.text == "Min læge har skrevet en erklæring." for a in now.appeal.additions)

print(f"A case system's day through the generated client: plan, contact, letter, decision, both feeds, "
      f"download verified, appeal {reference} acknowledged, moved and its late addition received.")
