"""Who pays for a custom-model job: the payer members of CreateMLInputChannel (``payerConfiguration``),
CreateTrainedModel (``mlModelTrainingPayerAccountId``) and StartTrainedModelInferenceJob
(``mlModelInferencePayerAccountId``), checked against the collaboration's payment configuration.

AWS (API_PayerConfiguration, the operations' pages): each member names "the account ID of the member that is
responsible for paying" the cost. Clean Rooms decides who is responsible (API_ModelTrainingPaymentConfig,
API_ModelInferencePaymentConfig: "Exactly one member can be configured to pay"; "If the collaboration creator
hasn't specified anyone ... the member who can query is the default payer"; spec cleanrooms.md §2.2), and the
``cleanrooms`` package materialises that decision in each member's payment configuration (``payment.py``).

AWS is silent on what a wrong payer answers; we chose ValidationException (every one of these operations
declares it) when the account is not an active member of the collaboration, or is not the member responsible
for that cost (synthetic data generation has no default payer, so it needs a member configured to pay). An
omitted payer member is not echoed (the output members are optional; AWS does not say it is filled in).
"""

from __future__ import annotations

from typing import Optional

from ...cleanrooms.payment import COSTS, Cost
from ...cleanrooms.state import MembershipInfo
from ..errors import validation
from ..store import CleanRoomsMLStore

QUERY_COMPUTE = ("queryCompute",)
MODEL_TRAINING = ("machineLearning", "modelTraining")
MODEL_INFERENCE = ("machineLearning", "modelInference")
SYNTHETIC_DATA = ("machineLearning", "syntheticDataGeneration")


def responsible_member(memberships: list[MembershipInfo], cost: Cost) -> Optional[str]:
    """The account responsible for ``cost``: the member set TRUE for it, else the default payer."""
    for membership in memberships:
        if cost.flag(membership.payment):
            return membership.account_id
    for ability in cost.default_abilities:
        for membership in memberships:
            if membership.can(ability):
                return membership.account_id
    return None


def check_payer(
    store: CleanRoomsMLStore, collaboration_id: str, account_id: Optional[str], path: tuple[str, ...], member: str
) -> None:
    """ValidationException unless ``account_id`` (the input member ``member``; None: not given) is the
    collaboration's member responsible for the cost at ``path`` of a PaymentConfiguration."""
    if account_id is None:
        return
    cost = next(c for c in COSTS if c.path == path)
    memberships = store.collaborations.memberships(collaboration_id)
    if account_id not in {m.account_id for m in memberships}:
        raise validation(f"{member} {account_id} is not an active member of collaboration {collaboration_id}.")
    payer = responsible_member(memberships, cost)
    if payer != account_id:
        who = f"member {payer} is" if payer is not None else "no member is configured as"
        raise validation(
            f"{member} {account_id} is not responsible for {cost.label} costs in collaboration "
            f"{collaboration_id}: {who} the payer."
        )
