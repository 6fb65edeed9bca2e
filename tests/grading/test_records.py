"""Records crossing between orchestrator and workers survive JSON."""

from grading.batch.records import AssignmentOutcome, StudentOutcome


def test_outcome_round_trips_through_json():
    outcome = StudentOutcome("ada", {"regularization": AssignmentOutcome(
        records={"grade": [{"id": "g1", "auto_score": 1.0}]}, messages={"1_baseline": {"x_tests": "boom"}},
        feedback={"1_baseline.html": "<p>hi</p>"}, graded_notebooks=["1_baseline.ipynb"], findings=["f"],
        error="e")}, sandbox_notes=["n"], error="", seconds=2.0)
    assert StudentOutcome.from_json(outcome.to_json()) == outcome


def test_a_lost_worker_says_how_to_retry():
    lost = StudentOutcome.lost_worker("ada", "killed")
    assert lost.lost and "run the same command again" in lost.error and lost.assignments == {}
