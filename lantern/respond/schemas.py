"""JSON Schemas for the respond content files (structure only; lantern.respond.content checks
cross-references such as unknown codes)."""

from __future__ import annotations

from typing import Any

from lantern.respond.vocabulary import EXPLOITATION_TYPES, JURISDICTIONS, ORGANISATIONS, TIMINGS

_DATE = {"type": "string", "format": "date"}
_CODE = {"type": "string", "pattern": r"^[a-z0-9_]+$"}
INDICATOR_FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["file", "title", "reviewed", "groups", "indicators"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": "string"},
        "title": {"type": "string"},
        "reviewed": _DATE,
        # Optional: the source of every advice item in the file that does not give its own.
        "source": {"type": "string", "minLength": 1},
        "settings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "label", "advice"],
                "additionalProperties": False,
                "properties": {
                    "code": _CODE,
                    "label": {"type": "string", "minLength": 1},
                    "advice": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["text"],
                            "additionalProperties": False,
                            # Each item's own source and review date, where it has them: an item
                            # without a source takes the file's (content.py checks there is one,
                            # and that a date is a date, naming the item).
                            "properties": {
                                "text": {"type": "string", "minLength": 1},
                                "source": {"type": "string", "minLength": 1},
                                "reviewed": {},
                            },
                        },
                    },
                },
            },
        },
        "groups": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["code", "title"],
                "additionalProperties": False,
                "properties": {"code": _CODE, "title": {"type": "string", "minLength": 1}},
            },
        },
        "indicators": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["code", "group", "text", "types", "settings", "source", "reviewed"],
                "additionalProperties": False,
                "properties": {
                    "code": {"type": "string", "pattern": r"^[a-z]+\.[a-z0-9_]+$"},
                    "group": _CODE,
                    "text": {"type": "string", "minLength": 3},
                    "types": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"enum": list(EXPLOITATION_TYPES)},
                    },
                    "settings": {"type": "array", "minItems": 1, "items": _CODE},
                    "source": {"type": "string", "pattern": "FACTS.md"},
                    "reviewed": _DATE,
                },
            },
        },
    },
}


_ADVICE_LIST = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["text", "source"],
        "additionalProperties": False,
        "properties": {"text": {"type": "string"}, "source": {"type": "string"}},
    },
}
RULES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "version",
        "reviewed",
        "contacts",
        "organisations",
        "actions",
        "rules",
        "conversation",
        "concern",
    ],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "string", "pattern": r"^\d{4}\.\d{1,2}\.\d+$"},
        "reviewed": _DATE,
        "source_of_facts": {"type": "string"},
        # Optional: the public documents a `source` names, by the words it uses, with their
        # address, so that the result page can link them (content.py checks each is used).
        "source_links": {
            "type": "object",
            "propertyNames": {"minLength": 3},
            "additionalProperties": {"type": "string", "pattern": r"^https://[^\s]+$"},
        },
        "contacts": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "code",
                    "name",
                    "phone",
                    "hours",
                    "source",
                    "reviewed",
                    "check_current_guidance",
                ],
                "properties": {
                    "code": _CODE,
                    "name": {"type": "string"},
                    "phone": {"type": "string", "pattern": r"^[0-9 ]+$"},
                    "hours": {"type": "string"},
                    "source": {"type": "string", "minLength": 1},
                    "reviewed": _DATE,
                    "check_current_guidance": {"type": "boolean"},
                },
            },
        },
        "organisations": {
            "type": "object",
            "additionalProperties": False,
            "required": [
                "first_responders",
                "first_responders_source",
                "public_authorities",
                "duty_to_notify",
            ],
            "properties": {
                "first_responders": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": list(JURISDICTIONS),
                    "properties": {
                        j: {"type": "array", "items": {"enum": list(ORGANISATIONS)}}
                        for j in JURISDICTIONS
                    },
                },
                "first_responders_source": {"type": "string"},
                "public_authorities": {"type": "array", "items": {"enum": list(ORGANISATIONS)}},
                "duty_to_notify": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["organisations", "jurisdictions", "source"],
                    "properties": {
                        "organisations": {"type": "array", "items": {"enum": list(ORGANISATIONS)}},
                        "jurisdictions": {"type": "array", "items": {"enum": list(JURISDICTIONS)}},
                        "source": {"type": "string"},
                    },
                },
            },
        },
        "actions": {"type": "object", "additionalProperties": {"type": "string"}},
        "rules": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "action", "when", "reason", "source"],
                "properties": {
                    "id": _CODE,
                    "action": _CODE,
                    "when": {"type": "object"},
                    "reason": {"type": "string", "minLength": 10},
                    "source": {"type": "string", "minLength": 1},
                    "contacts": {"type": "array", "items": _CODE},
                    "check_current_guidance": {"type": "boolean"},
                    "uncertain": {"type": "boolean"},
                    "if_not_asked": {"enum": list(TIMINGS)},
                    # Offered only if the step before it cannot be followed.
                    "fallback": {"type": "boolean"},
                },
            },
        },
        "conversation": {
            "type": "object",
            "additionalProperties": False,
            "required": ["say", "avoid"],
            "properties": {"say": _ADVICE_LIST, "avoid": _ADVICE_LIST},
        },
        "concern": {
            "type": "object",
            "additionalProperties": False,
            "required": ["default_weight", "weights", "levels"],
            "properties": {
                "default_weight": {"type": "integer", "minimum": 0},
                "weights": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "minimum": 0},
                },
                "levels": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["level", "min_score", "title", "message"],
                        "properties": {
                            "level": _CODE,
                            "min_score": {"type": "integer", "minimum": 0},
                            "title": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}
