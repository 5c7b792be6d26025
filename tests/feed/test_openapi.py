"""Every recognition and reflection endpoint is in the OpenAPI document, with its schemas."""


def test_the_openapi_document_lists_recognition_and_reflections(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    for path in (
        "/api/v1/wins",
        "/api/v1/wins/{win_id}",
        "/api/v1/wins/{win_id}/applause",
        "/api/v1/wins/{win_id}/confirm",
        "/api/v1/wins/{win_id}/hide",
        "/api/v1/badges",
        "/api/v1/awards",
        "/api/v1/awards/{award_id}/applause",
        "/api/v1/nominations",
        "/api/v1/nominations/{nomination_id}/approve",
        "/api/v1/feed",
        "/api/v1/notifications",
        "/api/v1/recognition/coverage",
        "/api/v1/people/{user_id}/recognition",
        "/api/v1/reflections/current",
        "/api/v1/reflections/{reflection_id}/replies",
        "/api/v1/reflections/export",
    ):
        assert path in paths, path
    schemas = document["components"]["schemas"]
    assert "applause_count" in schemas["Win"]["properties"]
    assert "kind" in schemas["Badge"]["properties"]
