"""NOS SFJBMS05 "Plan support for potential victims of modern slavery", as this app uses it.

Pure data (no ORM): the performance criteria (PC1-PC20, version 1, approved November 2014) in
short form, and which section of a case record evidences which criteria. The full text lives in
the standards app; identifiers follow its ``SFJBMS05.PC14`` form.
"""

from __future__ import annotations

STANDARD = "SFJBMS05"

PERFORMANCE_CRITERIA: dict[str, str] = {
    "PC1": "Gather information on actions carried out to date, from your own and other "
    "organisations",
    "PC2": "Review completed reports and assessments of the person's needs",
    "PC3": "Confirm that all identified immediate requirements have been addressed",
    "PC4": "Address outstanding immediate needs",
    "PC5": "Give information on their rights in a format and language acceptable to them",
    "PC6": "Explain modern slavery and control in language they understand, without leading",
    "PC7": "Let the person tell their own account, using effective communication",
    "PC8": "Keep discussions free from judgement, discrimination and oppression",
    "PC9": "Identify ongoing risks that may expose the person to harm",
    "PC10": "Confirm that the person understands these risks",
    "PC11": "Source places of safety via local connections or national mechanisms",
    "PC12": "Identify other support services that will contribute to the plan",
    "PC13": "Respond to cultural differences and needs",
    "PC14": "Prepare and agree a victim-centred support and safety plan",
    "PC15": "Facilitate access to the support services identified",
    "PC16": "Comply with the rights and requirements of confidentiality",
    "PC17": "Work in partnership with other organisations",
    "PC18": "Share information with relevant agencies where required and lawful",
    "PC19": "Provide ongoing support",
    "PC20": "Maintain complete and accurate records of support plans",
}

PC_IDS: tuple[str, ...] = tuple(PERFORMANCE_CRITERIA)

# Section key -> the performance criteria its entries evidence. Sections are the slugs in URLs.
SECTION_PCS: dict[str, tuple[str, ...]] = {
    "actions": ("PC1",),
    "assessments": ("PC2",),
    "needs": ("PC3", "PC4"),
    "rights": ("PC5",),
    "explanations": ("PC6",),
    "account": ("PC7", "PC8"),
    "observations": (),  # the worker's observations, kept apart from the person's account
    "risks": ("PC9", "PC10"),
    "places": ("PC11",),
    "services": ("PC12", "PC15"),
    "culture": ("PC13",),
    "plan": ("PC14",),
    "goals": ("PC14",),
    "consent": ("PC16",),
    "partners": ("PC17",),
    "sharing": ("PC18",),
    "reviews": ("PC19",),
    "record": ("PC20",),
}

SECTION_TITLES: dict[str, str] = {
    "actions": "Actions to date and information from other organisations",
    "assessments": "Assessments reviewed",
    "needs": "Immediate needs",
    "rights": "Rights information given",
    "explanations": "What was explained",
    "account": "The person's own account",
    "observations": "Your observations",
    "risks": "Risks",
    "places": "Places of safety",
    "services": "Support services",
    "culture": "Cultural needs",
    "plan": "Support and safety plan",
    "goals": "Goals in the plan",
    "consent": "Consent and confidentiality",
    "partners": "Partners",
    "sharing": "Information sharing log",
    "reviews": "Reviews",
    "record": "Complete records",
}


def qualified(pc: str) -> str:
    """``PC14`` -> ``SFJBMS05.PC14`` (the standards app's identifier)."""
    return f"{STANDARD}.{pc}"


def sections_for(pc: str) -> list[str]:
    return [key for key, pcs in SECTION_PCS.items() if pc in pcs]


def register_standard_coverage() -> str:
    """Tell the standards app which criteria the case record evidences (kind "records").

    Runs as a content loader (after the standards content is loaded), not in AppConfig.ready():
    it writes to the database. Guarded: the standards app is built in parallel and may be absent.
    """
    try:
        from lantern.standards.coverage import register_coverage
    except ImportError:
        return "support: standards app not installed, coverage not registered"
    count = 0
    for key, pcs in SECTION_PCS.items():
        if not pcs:
            continue
        count += register_coverage(
            item_ref=f"support:section:{key}",
            kind="records",
            covers=[qualified(pc) for pc in pcs],
            label=f"Case record section: {SECTION_TITLES[key]}",
            url="",
        )
    return f"support: {count} SFJBMS05 criteria recorded by case-record sections"
