"""Who pays for what in a collaboration: the creator's assignment and each member's acceptance.

Rules (botocore ``QueryComputePaymentConfig``, ``JobComputePaymentConfig``, ``ModelTrainingPaymentConfig``,
``ModelInferencePaymentConfig`` and their ``Membership...`` twins; API_MemberSpecification,
API_CreateMembership; spec §2.2, §3.1):

- at most one member may be set TRUE for a cost ("Exactly one member can be configured to pay");
- when nobody is set TRUE, the member who can query is the default payer (for job compute: the member who
  can run jobs, else the member who can query);
- "An error is returned if the collaboration creator sets a FALSE value for the member who can query". AWS
  is silent on how another member can then be the payer; we chose to reject FALSE for the member who can
  query only when no other member is set TRUE (nobody would pay);
- at CreateMembership the member's ``isResponsible`` must equal what the creator assigned (FALSE while
  responsible, or TRUE while not, is an error), and ``paymentConfiguration`` is required from a member who
  cannot query but pays for something.

Every member's ``paymentConfiguration`` is materialised once, at CreateCollaboration: ``queryCompute`` always
(ListMembers requires it), every other cost only when some member's configuration mentions it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional

from .errors import INVALID_CONFIGURATION, invalid
from .resources import CAN_QUERY, CAN_RUN_JOB


@dataclass(frozen=True)
class Cost:
    path: tuple[str, ...]  # where its isResponsible sits in a PaymentConfiguration
    label: str
    default_abilities: tuple[str, ...]  # who pays when nobody is set TRUE: the first member with one of these
    always: bool = False

    def flag(self, configuration: Optional[Mapping[str, Any]]) -> Optional[bool]:
        found: Any = configuration
        for key in self.path:
            found = found.get(key) if isinstance(found, Mapping) else None
        return found.get("isResponsible") if isinstance(found, Mapping) else None

    def mentioned(self, configuration: Optional[Mapping[str, Any]]) -> bool:
        return self.flag(configuration) is not None


COSTS = (
    Cost(("queryCompute",), "query compute", (CAN_QUERY, CAN_RUN_JOB), always=True),
    Cost(("jobCompute",), "query and job compute", (CAN_RUN_JOB, CAN_QUERY)),
    Cost(("machineLearning", "modelTraining"), "model training", (CAN_QUERY,)),
    Cost(("machineLearning", "modelInference"), "model inference", (CAN_QUERY,)),
    # SyntheticDataGenerationPaymentConfig documents no default payer.
    Cost(("machineLearning", "syntheticDataGeneration"), "synthetic data generation", ()),
)


@dataclass(frozen=True)
class Payee:
    """What the payment rules need of one member specification."""

    account_id: str
    abilities: Sequence[str]
    configuration: Optional[Mapping[str, Any]]


def _default_payer(cost: Cost, payees: Sequence[Payee]) -> Optional[Payee]:
    for ability in cost.default_abilities:
        for payee in payees:
            if ability in payee.abilities:
                return payee
    return None


def assign(payees: Sequence[Payee]) -> dict[str, dict[str, Any]]:
    """Each member's PaymentConfiguration with the payer of every cost decided, or the creator's error."""
    assigned: dict[str, dict[str, Any]] = {payee.account_id: {} for payee in payees}
    for cost in COSTS:
        chosen = [payee for payee in payees if cost.flag(payee.configuration) is True]
        if len(chosen) > 1:
            raise invalid(f"Exactly one member can be configured to pay for {cost.label} costs; "
                          f"{len(chosen)} members are.", INVALID_CONFIGURATION)
        payer = chosen[0] if chosen else _default_payer(cost, payees)
        if not chosen and payer is not None and cost.flag(payer.configuration) is False:
            raise invalid(f"Member {payer.account_id} is the default payer for {cost.label} costs and can't be "
                          "set to FALSE unless another member is set to TRUE.", INVALID_CONFIGURATION)
        if cost.always or any(cost.mentioned(payee.configuration) for payee in payees):
            for payee in payees:
                _put(assigned[payee.account_id], cost.path, payer is not None and payee is payer)
    return assigned


def _put(configuration: dict[str, Any], path: tuple[str, ...], responsible: bool) -> None:
    for key in path:
        configuration = configuration.setdefault(key, {})
    configuration["isResponsible"] = responsible


def pays_for_something(assigned: Mapping[str, Any]) -> bool:
    return any(cost.flag(assigned) for cost in COSTS)


def check_acceptance(assigned: Mapping[str, Any], accepted: Optional[Mapping[str, Any]], can_query: bool) -> None:
    """API_CreateMembership: the joining member's paymentConfiguration against the creator's assignment."""
    if accepted is None:
        if not can_query and pays_for_something(assigned):
            raise invalid("paymentConfiguration is required: the collaboration creator configured this member "
                          "to pay, and it cannot query.", INVALID_CONFIGURATION)
        return
    for cost in COSTS:
        given = cost.flag(accepted)
        responsible = bool(cost.flag(assigned))
        if given is not None and given != responsible:
            state = "responsible" if responsible else "not responsible"
            raise invalid(f"isResponsible for {cost.label} costs is {str(given).upper()}, but this member is "
                          f"{state} for them.", INVALID_CONFIGURATION)
