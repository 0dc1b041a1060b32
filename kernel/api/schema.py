"""The OpenAPI description of the API's error answers, the same on every endpoint.

The exception handler (kernel.api.exceptions) gives every error one of three bodies; this
schema class publishes them as components and attaches them to each operation, so that
apps declare only their success answers (and, where a step needs confirmation, that it
may answer 409):

- `ValidationError` (400): `{field: [{"message", "code"}]}`, `non_field_errors` for the
  input as a whole; nested inputs nest the same shape. On every write, and on reads that
  take query parameters (filters are validated too).
- `Error` (403, 404, and 409 when a write conflicts with existing data): `{"detail", "code"}`.
- `ConfirmationRequired` (409): `{"detail", "code", "requires_confirmation", "warnings"}`,
  on operations that declare a 409 (a `ConfirmationRequired` raised by their service).

A body is read by its media type: a body of a type the operation reads that does not
parse (malformed JSON or multipart) is bad input, a 400 `ValidationError` with the code
`parse_error`; a body of a type it does not read at all, or with no Content-Type, is
415 `Error` (`unsupported_media_type`), published on every operation that takes a body.

Times of day are declared as what they are (local `HH:MM[:SS]`, see LOCAL_TIME).

Set as DRF's DEFAULT_SCHEMA_CLASS.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.permissions import AllowAny

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# A time of day on the hall's clock, as DRF writes and reads it ("12:00", "12:00:00").
# OpenAPI's `format: time` is RFC 3339's full-time, which requires an offset
# ("12:00:00+08:00"): not what these fields hold, and a client validating against it
# would reject every answer.
LOCAL_TIME = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "12:00:00",
}

ERROR_ITEM = {
    "type": "object",
    "description": "One error: a translated message and a stable code (see docs/house-style.md).",
    "properties": {
        "message": {"type": "string"},
        "code": {"type": "string", "example": "absence.outside_calendar"},
    },
    "required": ["message", "code"],
}

VALIDATION_ERROR_REF = {"$ref": "#/components/schemas/ValidationError"}

VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "Bad input: for each field (non_field_errors for the input as a whole) a list of "
        "errors. A nested input (a list or an object) nests the same shape under its field."
    ),
    "additionalProperties": {
        "anyOf": [
            {
                "type": "array",
                "items": {
                    "anyOf": [{"$ref": "#/components/schemas/ErrorItem"}, VALIDATION_ERROR_REF]
                },
            },
            VALIDATION_ERROR_REF,
        ]
    },
    "example": {"end_date": [{"message": "Ends before it starts.", "code": "invalid"}]},
}

ERROR = {
    "type": "object",
    "description": "A refusal that is not about one field: a translated message and a code.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail", "code"],
}

CONFIRMATION_REQUIRED = {
    "type": "object",
    "description": (
        "Nothing was written: the change has consequences to confirm. `warnings` lists "
        "them; repeat the request with the operation's confirmation flag set."
    ),
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "requires_confirmation": {"type": "boolean"},
        "warnings": {"type": "array", "items": {"type": "object", "additionalProperties": {}}},
    },
    "required": ["detail", "code", "requires_confirmation", "warnings"],
}

COMPONENTS = {
    "ErrorItem": ERROR_ITEM,
    "ValidationError": VALIDATION_ERROR,
    "Error": ERROR,
    "ConfirmationRequired": CONFIRMATION_REQUIRED,
}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.TimeField):
            return dict(LOCAL_TIME)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        refs = {}
        for name, schema in COMPONENTS.items():
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
            )
            registry.register_on_missing(component)
            refs[name] = component.ref
        self._add_error_responses(operation, refs)
        return operation

    def _add_error_responses(self, operation: dict, refs: dict) -> None:
        responses = operation.setdefault("responses", {})
        is_write = self.method in WRITE_METHODS
        if is_write or operation.get("parameters"):
            responses["400"] = {
                "description": "Bad input: field errors, each with a message and a code.",
                "content": _json(refs["ValidationError"]),
            }
        if not self._is_anonymous():
            responses.setdefault(
                "403",
                {
                    "description": "Not signed in, or not allowed to do this.",
                    "content": _json(refs["Error"]),
                },
            )
            if self._answers_401():
                responses.setdefault(
                    "401",
                    {"description": "Not signed in.", "content": _json(refs["Error"])},
                )
        if "requestBody" in operation:
            # DRF picks the parser by Content-Type before any validation: a type none of
            # the operation's parsers reads (or none given) is refused as such, not as a
            # field error. The types it reads are the request body's content types.
            responses["415"] = {
                "description": "The body's media type is not one this operation reads.",
                "content": _json(refs["Error"]),
            }
        parameters = {parameter.get("name") for parameter in operation.get("parameters", [])}
        # A detail path names an item; a page number past the last page is not found either.
        if "404" in responses and not responses["404"].get("content"):
            # A 404 the view declares itself (a query naming something out of scope).
            responses["404"] = {
                "description": responses["404"].get("description")
                or "No such item, or not one the user may see.",
                "content": _json(refs["Error"]),
            }
        if "{" in self.path or "page" in parameters:
            responses.setdefault(
                "404",
                {
                    "description": "No such item, or not one the user may see.",
                    "content": _json(refs["Error"]),
                },
            )
        if "409" in responses:
            # Only the kernel's handler answers 409: a declared one is a confirmation step,
            # and a write may still meet a conflicting row written meanwhile.
            declared = responses["409"]
            responses["409"] = {
                "description": declared.get("description")
                or "Needs confirmation, or conflicts with existing data.",
                "content": _json({"anyOf": [refs["ConfirmationRequired"], refs["Error"]]}),
            }
        elif is_write:
            responses["409"] = {
                "description": "Conflicts with data written meanwhile: reload and try again.",
                "content": _json(refs["Error"]),
            }

    def _is_anonymous(self) -> bool:
        permissions = self.view.get_permissions()
        return all(isinstance(permission, AllowAny) for permission in permissions)

    def _answers_401(self) -> bool:
        """DRF answers 401 (not 403) to the unauthenticated only when its first
        authentication scheme names a WWW-Authenticate challenge."""
        authenticators = self.view.get_authenticators()
        return bool(authenticators) and bool(authenticators[0].authenticate_header(None))


# ---------------------------------------------------------------------------------------
# OpenAPI links: what a client (and the stateful schema fuzz) may do with a row it has
# just created. Registered in SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"].
# ---------------------------------------------------------------------------------------

ITEM_METHODS = ("get", "put", "patch", "delete")
# A path parameter by these names is the row's primary key, which every read shape
# publishes as `id`.
PRIMARY_KEY_PARAMETERS = frozenset({"id", "pk"})


def _component(schema: dict, ref_or_schema: dict) -> dict:
    ref = ref_or_schema.get("$ref", "")
    prefix = "#/components/schemas/"
    if ref.startswith(prefix):
        return schema.get("components", {}).get("schemas", {}).get(ref[len(prefix) :], {})
    return ref_or_schema


def _created_properties(schema: dict, operation: dict) -> set[str]:
    """The properties of the row a create answers with (its 201 JSON body)."""
    created = operation.get("responses", {}).get("201", {})
    body = created.get("content", {}).get("application/json", {}).get("schema")
    if not body:
        return set()
    return set(_component(schema, body).get("properties", {}))


def _item_parameter(collection: str, path: str) -> str | None:
    """`/api/posts/{id}/` under `/api/posts/`: `id`. None for any other path (a step on
    the item, a nested list, another resource)."""
    rest = path[len(collection) :] if path.startswith(collection) else ""
    if rest.startswith("{") and rest.endswith("}/") and rest.count("{") == 1:
        return rest[1:-2]
    return None


def _value_of(parameter: str, properties: set[str]) -> str | None:
    """The runtime expression that fills `parameter` from the created row's body."""
    if parameter in PRIMARY_KEY_PARAMETERS and "id" in properties:
        return "$response.body#/id"
    if parameter in properties:
        # A lookup by another field (a date, a tracking code) the body carries.
        return f"$response.body#/{parameter}"
    return None


def add_create_links(result, generator, request, public):
    """Each create's 201 answer links to the read, update and delete of the row it made,
    filling the item path's parameter from the created body (`$response.body#/id`)."""
    paths = result.get("paths", {})
    for collection, item in paths.items():
        create = item.get("post")
        if "{" in collection or create is None:
            continue
        properties = _created_properties(result, create)
        if not properties:
            continue
        links = {}
        for path, operations in paths.items():
            parameter = _item_parameter(collection, path)
            value = _value_of(parameter, properties) if parameter else None
            if value is None:
                continue
            for method in ITEM_METHODS:
                target = operations.get(method)
                if target is None or "operationId" not in target:
                    continue
                declared = {
                    p.get("name") for p in target.get("parameters", []) if p.get("in") == "path"
                }
                if parameter not in declared:
                    continue
                links[target["operationId"]] = {
                    "operationId": target["operationId"],
                    "parameters": {parameter: value},
                    "description": f"The `{parameter}` of the created row.",
                }
        if links:
            create["responses"]["201"]["links"] = links
    return result
