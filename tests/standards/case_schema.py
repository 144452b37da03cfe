"""A JSON Schema for a 1EdTech CASE 1.0 CFPackage, encoded from the specification's required
properties and types (CASE Service Version 1.0: CFPackage = CFDocument + CFItems[] +
CFAssociations[] + CFDefinitions; LinkURI/LinkGenURI = {title, identifier, uri}).

Stricter than the published model in two places so that tests catch sloppy output: UUIDs and
timestamps are anchored patterns (jsonschema's format checks are optional), and the item and
association objects allow only the properties CASE 1.0 defines.
"""

from __future__ import annotations

from typing import Any

UUID = {
    "type": "string",
    "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
}
DATE_TIME = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
URI = {"type": "string", "pattern": r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$"}
STRINGS = {"type": "array", "items": {"type": "string"}}

LINK_URI = {
    "type": "object",
    "required": ["title", "identifier", "uri"],
    "properties": {"title": {"type": "string"}, "identifier": UUID, "uri": URI},
    "additionalProperties": False,
}
LINK_GEN_URI = {
    "type": "object",
    "required": ["title", "identifier", "uri"],
    "properties": {"title": {"type": "string"}, "identifier": {"type": "string"}, "uri": URI},
    "additionalProperties": False,
}

CF_DOCUMENT = {
    "type": "object",
    "required": ["identifier", "uri", "creator", "title", "lastChangeDateTime"],
    "properties": {
        "identifier": UUID,
        "uri": URI,
        "CFPackageURI": LINK_URI,
        "creator": {"type": "string", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "lastChangeDateTime": DATE_TIME,
        "officialSourceURL": URI,
        "publisher": {"type": "string"},
        "description": {"type": "string"},
        "subject": {"oneOf": [STRINGS, {"type": "string"}]},
        "subjectURI": {"type": "array", "items": LINK_URI},
        "language": {"type": "string"},
        "version": {"type": "string"},
        "adoptionStatus": {"type": "string"},
        "statusStartDate": DATE,
        "statusEndDate": DATE,
        "licenseURI": LINK_URI,
        "notes": {"type": "string"},
    },
    "additionalProperties": False,
}

CF_ITEM = {
    "type": "object",
    "required": ["identifier", "fullStatement", "uri", "lastChangeDateTime"],
    "properties": {
        "identifier": UUID,
        "uri": URI,
        "fullStatement": {"type": "string", "minLength": 1},
        "alternativeLabel": {"type": "string"},
        "CFItemType": {"type": "string"},
        "CFItemTypeURI": LINK_URI,
        "humanCodingScheme": {"type": "string"},
        "listEnumeration": {"type": "string"},
        "abbreviatedStatement": {"type": "string"},
        "conceptKeywords": STRINGS,
        "conceptKeywordsURI": LINK_URI,
        "notes": {"type": "string"},
        "language": {"type": "string"},
        "educationLevel": STRINGS,
        "licenseURI": LINK_URI,
        "statusStartDate": DATE,
        "statusEndDate": DATE,
        "lastChangeDateTime": DATE_TIME,
        "CFDocumentURI": LINK_URI,
    },
    "additionalProperties": False,
}

CF_ASSOCIATION = {
    "type": "object",
    "required": [
        "identifier",
        "associationType",
        "uri",
        "originNodeURI",
        "destinationNodeURI",
        "lastChangeDateTime",
    ],
    "properties": {
        "identifier": UUID,
        "uri": URI,
        "associationType": {
            "enum": [
                "isChildOf",
                "isPeerOf",
                "isPartOf",
                "exactMatchOf",
                "precedes",
                "isRelatedTo",
                "replacedBy",
                "exemplar",
                "hasSkillLevel",
            ]
        },
        "sequenceNumber": {"type": "integer"},
        "originNodeURI": LINK_GEN_URI,
        "destinationNodeURI": LINK_GEN_URI,
        "CFAssociationGroupingURI": LINK_URI,
        "lastChangeDateTime": DATE_TIME,
        "CFDocumentURI": LINK_URI,
    },
    "additionalProperties": False,
}

CF_ITEM_TYPE = {
    "type": "object",
    "required": [
        "identifier",
        "uri",
        "title",
        "description",
        "hierarchyCode",
        "lastChangeDateTime",
    ],
    "properties": {
        "identifier": UUID,
        "uri": URI,
        "title": {"type": "string"},
        "description": {"type": "string"},
        "hierarchyCode": {"type": "string"},
        "typeCode": {"type": "string"},
        "lastChangeDateTime": DATE_TIME,
    },
    "additionalProperties": False,
}

CF_PACKAGE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["CFDocument", "CFItems", "CFAssociations"],
    "properties": {
        "CFDocument": CF_DOCUMENT,
        "CFItems": {"type": "array", "items": CF_ITEM},
        "CFAssociations": {"type": "array", "items": CF_ASSOCIATION},
        "CFDefinitions": {
            "type": "object",
            "properties": {"CFItemTypes": {"type": "array", "items": CF_ITEM_TYPE}},
        },
    },
    "additionalProperties": False,
}
