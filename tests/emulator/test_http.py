"""The ARM surface itself: api-version, error envelopes, bodies, paths, ids, paging, LRO headers."""
from __future__ import annotations

import requests

from pulumi_sig.emulator import EmulatorServer
from tests.emulator.conftest import COMPUTE, RESOURCES, SUB, Arm, error_code, source_api, start_server


def test_api_version_missing_and_unknown(arm: Arm) -> None:
    arm.resource_group()
    missing = arm.get(arm.gallery_path(), api=None)
    assert missing.status_code == 400 and error_code(missing) == "MissingApiVersionParameter"
    unknown = arm.get(arm.gallery_path(), api="2019-01-01")
    assert unknown.status_code == 400 and error_code(unknown) == "InvalidResourceType"
    future = arm.get(arm.gallery_path(), api="2027-01-01")
    assert future.status_code == 400 and error_code(future) == "InvalidResourceType"
    for version in ("2022-03-03", "2023-07-03", "2024-03-03", "2026-03-03"):
        assert arm.gallery(location="westus") or True
        assert arm.get(arm.gallery_path(), api=version).status_code == 200
    bad_rg = arm.get(arm.rg_path(), api="yesterday")
    assert bad_rg.status_code == 400 and error_code(bad_rg) == "InvalidApiVersionParameter"
    assert arm.get(arm.rg_path(), api="2025-04-01").status_code == 200


def test_loose_api_version_accepts_later_dates(tmp_path) -> None:
    server = start_server(tmp_path, loose_api_version=True)
    try:
        arm = Arm(server.url or "")
        arm.resource_group()
        assert arm.gallery()["name"] == "gal"
        assert arm.get(arm.gallery_path(), api="2027-05-01").status_code == 200
        assert error_code(arm.get(arm.gallery_path(), api="2019-01-01")) == "InvalidResourceType"
    finally:
        server.stop()


def test_request_ids_on_every_reply(arm: Arm) -> None:
    for response in (arm.get("/nope"), arm.get(arm.rg_path(), api=RESOURCES),
                     arm.get("/_emulator/health", api=None)):
        assert response.headers["x-ms-request-id"]
        assert response.headers["x-ms-correlation-request-id"]
    echoed = arm.get(arm.rg_path(), api=RESOURCES, headers={"x-ms-correlation-request-id": "abc-123"})
    assert echoed.headers["x-ms-correlation-request-id"] == "abc-123"


def test_malformed_bodies_are_4xx_with_target(arm: Arm) -> None:
    arm.resource_group()
    path = arm.gallery_path()
    bad_json = arm.http.put(arm.url + path, data=b"{not json", params={"api-version": COMPUTE},
                            headers={"content-type": "application/json"})
    assert bad_json.status_code == 400 and error_code(bad_json) == "InvalidRequestContent"
    not_object = arm.put(path, [1, 2])
    assert not_object.status_code == 400 and error_code(not_object) == "InvalidRequestContent"
    empty = arm.http.put(arm.url + path, data=b"", params={"api-version": COMPUTE})
    assert empty.status_code == 400 and error_code(empty) == "InvalidRequestContent"
    nan = arm.http.put(arm.url + path, data=b'{"location": NaN}', params={"api-version": COMPUTE})
    assert nan.status_code == 400
    wrong_type = arm.put(path, {"location": "westus", "properties": {"description": 5}})
    assert wrong_type.status_code == 400 and error_code(wrong_type) == "InvalidParameter"
    assert wrong_type.json()["error"]["target"] == "properties.description"
    arm.gallery()
    enum = arm.put(arm.image_path(), {"location": "westus", "properties": {
        "osType": "Plan9", "osState": "Generalized", "identifier": {"publisher": "a", "offer": "b", "sku": "c"}}})
    assert enum.status_code == 400 and enum.json()["error"]["target"] == "properties.osType"
    tags = arm.put(path, {"location": "westus", "tags": {"a": 1}})
    assert tags.status_code == 400 and tags.json()["error"]["target"] == "tags.a"


def test_oversized_body_is_413(arm: Arm) -> None:
    arm.resource_group()
    big = b'{"location": "westus", "tags": {"a": "' + b"x" * (4 * 1024 * 1024 + 10) + b'"}}'
    response = arm.http.put(arm.url + arm.gallery_path(), data=big, params={"api-version": COMPUTE},
                            headers={"content-type": "application/json"})
    assert response.status_code == 413 and error_code(response) == "RequestEntityTooLarge"


def test_unknown_route_and_method_use_the_envelope(arm: Arm) -> None:
    missing = arm.get("/subscriptions/x/whatever")
    assert missing.status_code == 404 and error_code(missing) == "NotFound"
    method = arm.call("POST", arm.rg_path(), {}, api=RESOURCES)
    assert method.status_code == 405 and error_code(method) == "MethodNotAllowed"
    media = arm.http.put(arm.url + arm.rg_path(), data=b"location=westus", params={"api-version": RESOURCES},
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert media.status_code == 415 and error_code(media) == "UnsupportedMediaType"


def test_paths_are_case_insensitive_and_ids_keep_creation_casing(arm: Arm) -> None:
    arm.resource_group("MyRG")
    created = arm.gallery("MyGallery", rg="MyRG")
    upper = arm.get(f"/SUBSCRIPTIONS/{SUB}/RESOURCEGROUPS/myrg/PROVIDERS/microsoft.compute/GALLERIES/mygallery")
    assert upper.status_code == 200
    assert upper.json()["id"] == created["id"] == f"/subscriptions/{SUB}/resourceGroups/MyRG/providers/" \
                                                  "Microsoft.Compute/galleries/MyGallery"
    assert upper.json()["name"] == "MyGallery"
    assert upper.json()["properties"]["identifier"]["uniqueName"] == f"{SUB}-MYGALLERY"


def test_authorization_header_is_ignored(arm: Arm) -> None:
    response = arm.put(arm.rg_path(), {"location": "westus"}, api=RESOURCES,
                       headers={"Authorization": "Bearer whatever"})
    assert response.status_code == 201


def test_missing_parents_and_resources(arm: Arm) -> None:
    no_group = arm.put(arm.gallery_path(), {"location": "westus"})
    assert no_group.status_code == 404 and error_code(no_group) == "ResourceGroupNotFound"
    arm.resource_group()
    no_gallery = arm.put(arm.image_path(), {"location": "westus", "properties": {
        "osType": "Linux", "osState": "Generalized", "identifier": {"publisher": "a", "offer": "b", "sku": "c"}}})
    assert no_gallery.status_code == 404 and error_code(no_gallery) == "ParentResourceNotFound"
    assert error_code(arm.get(arm.image_path())) == "ParentResourceNotFound"
    arm.gallery()
    missing = arm.get(arm.image_path())
    assert missing.status_code == 404 and error_code(missing) == "ResourceNotFound"
    assert error_code(arm.patch(arm.gallery_path("other"), {"tags": {}})) == "ResourceNotFound"
    assert error_code(arm.get(arm.version_path())) == "ParentResourceNotFound"
    assert arm.delete(arm.image_path()).status_code == 204


def test_resource_groups_crud_and_cascading_delete(arm: Arm) -> None:
    assert arm.resource_group()["properties"]["provisioningState"] == "Succeeded"
    assert arm.put(arm.rg_path(), {"location": "westus", "tags": {"a": "b"}}, api=RESOURCES).status_code == 200
    assert arm.call("HEAD", arm.rg_path(), api=RESOURCES).status_code == 204
    assert arm.call("HEAD", arm.rg_path("nope"), api=RESOURCES).status_code == 404
    listed = arm.get(f"/subscriptions/{SUB}/resourcegroups", api=RESOURCES).json()
    assert [g["name"] for g in listed["value"]] == ["rg1"]
    arm.gallery()
    # ARM deletes a group with its contents (issue 15; test_tools_endpoints covers the order).
    assert arm.delete(arm.rg_path(), api=RESOURCES).status_code == 200
    assert error_code(arm.get(arm.gallery_path())) == "ResourceGroupNotFound"
    gone = arm.get(arm.rg_path(), api=RESOURCES)
    assert gone.status_code == 404 and error_code(gone) == "ResourceGroupNotFound"
    assert arm.delete(arm.rg_path(), api=RESOURCES).status_code == 204


def test_lists_page_with_next_link(tmp_path) -> None:
    server = start_server(tmp_path, page_size=2)
    try:
        arm = Arm(server.url or "")
        arm.resource_group()
        for index in range(5):
            arm.gallery(f"g{index}")
        names, url = [], arm.gallery_path().rsplit("/", 1)[0]
        pages = 0
        while url:
            body = arm.ok(arm.http.get(url if url.startswith("http") else arm.url + url,
                                       params=None if url.startswith("http") else {"api-version": COMPUTE}))
            names += [g["name"] for g in body["value"]]
            url = body.get("nextLink")
            if url:
                assert url.startswith(arm.url) and "api-version=2025-03-03" in url and "skiptoken" in url
            pages += 1
        assert names == [f"g{i}" for i in range(5)] and pages == 3
        by_sub = arm.get(f"/subscriptions/{SUB}/providers/Microsoft.Compute/galleries", params={"$top": "1"})
        assert len(by_sub.json()["value"]) == 1 and "nextLink" in by_sub.json()
        bad_top = arm.get(f"/subscriptions/{SUB}/providers/Microsoft.Compute/galleries", params={"$top": "x"})
        assert bad_top.status_code == 400
    finally:
        server.stop()


def test_lro_headers_and_operation_endpoints(arm: Arm) -> None:
    arm.resource_group()
    created = arm.put(arm.gallery_path(), {"location": "West US"})
    assert created.status_code == 201
    assert created.json()["properties"]["provisioningState"] == "Creating"
    assert created.json()["location"] == "westus"
    async_url, location_url = created.headers["Azure-AsyncOperation"], created.headers["Location"]
    assert "/providers/Microsoft.Compute/locations/westus/operations/" in async_url
    assert "/operationResults/" in location_url and "api-version=2025-03-03" in location_url
    assert created.headers["Retry-After"] == "0"
    status = arm.ok(arm.http.get(async_url))
    assert status["status"] == "Succeeded" and status["name"] in async_url and status["startTime"]
    result = arm.http.get(location_url)
    assert result.status_code == 200 and result.json()["properties"]["provisioningState"] == "Succeeded"
    replaced = arm.put(arm.gallery_path(), {"location": "westus", "properties": {"description": "x"}})
    assert replaced.status_code == 200 and replaced.json()["properties"]["provisioningState"] == "Updating"
    patched = arm.patch(arm.gallery_path(), {"properties": {"description": "y"}})
    assert patched.status_code == 200 and "Azure-AsyncOperation" in patched.headers
    deleted = arm.delete(arm.gallery_path())
    assert deleted.status_code == 202 and "Azure-AsyncOperation" in deleted.headers
    assert arm.http.get(deleted.headers["Location"]).status_code == 204
    assert arm.ok(arm.http.get(deleted.headers["Azure-AsyncOperation"]))["status"] == "Succeeded"
    assert arm.delete(arm.gallery_path()).status_code == 204
    unknown = arm.get(f"/subscriptions/{SUB}/providers/Microsoft.Compute/locations/westus/operations/nope")
    assert unknown.status_code == 404 and error_code(unknown) == "NotFound"


def test_admin_health_stats_and_reset(arm: Arm) -> None:
    health = arm.get("/_emulator/health", api=None).json()
    assert health["status"] == "ok" and health["replication"] == "immediate"
    arm.stack()
    arm.get(arm.gallery_path())
    stats = arm.get("/_emulator/stats", api=None).json()
    assert stats["requests"]["PUT"] == 4 and stats["requests"]["GET"] == 1 and stats["writes"] == 4
    assert arm.call("POST", "/_emulator/reset", {}, api=None).status_code == 200
    assert error_code(arm.get(arm.rg_path(), api=RESOURCES)) == "ResourceGroupNotFound"
    assert arm.get("/_emulator/stats", api=None).json()["requests"]["PUT"] == 0


def test_two_emulators_in_one_process_are_independent(tmp_path) -> None:
    with EmulatorServer(tmp_path / "a", retry_after=0) as first, EmulatorServer(tmp_path / "b") as second:
        Arm(first.url or "").resource_group()
        assert requests.get(f"{second.url}{Arm.rg_path()}", params={"api-version": RESOURCES}).status_code == 404


def test_routing_edges_405_allow_trailing_slash_and_catch_all_order(arm: Arm) -> None:
    arm.stack()
    refused = arm.call("POST", arm.gallery_path(), {})
    assert refused.status_code == 405 and error_code(refused) == "MethodNotAllowed"
    assert set(refused.headers["Allow"].split(", ")) == {"PUT", "PATCH", "GET", "DELETE"}
    assert arm.get(arm.gallery_path() + "/").json()["name"] == "gal"
    assert arm.get(arm.version_path("latest")).status_code == 404  # no version yet: not the source route
    source = arm.get(f"{arm.rg_path()}/providers/Microsoft.Compute/images/src", api=source_api("images"))
    assert source.status_code == 200 and source.json()["name"] == "src"
    empty_name = arm.get(f"{arm.rg_path()}/providers/Microsoft.Compute/galleries//images")
    assert empty_name.status_code == 404 and error_code(empty_name) == "NotFound"


def test_lone_surrogate_in_a_string_is_refused_and_nothing_is_stored(tmp_path) -> None:
    """JSON can escape a lone surrogate that UTF-8 cannot carry: 400 before anything is stored."""
    import requests

    from pulumi_sig.emulator.server import EmulatorServer

    with EmulatorServer(tmp_path, port=0, retry_after=0) as server:
        sub = f"{server.url}/subscriptions/00000000-0000-0000-0000-000000000000"
        requests.put(f"{sub}/resourcegroups/rg?api-version=2021-04-01", json={"location": "westus"}, timeout=10)
        gallery = f"{sub}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g?api-version=2025-03-03"
        reply = requests.put(gallery, data=b'{"location": "westus", "properties": {"description": "\\ud800"}}',
                             headers={"content-type": "application/json"}, timeout=10)
        assert reply.status_code == 400
        assert reply.json()["error"]["code"] == "InvalidRequestContent"
        assert requests.get(gallery, timeout=10).json()["error"]["code"] == "ResourceNotFound"


def test_resource_group_patch_changes_tags_and_refuses_location(tmp_path) -> None:
    import requests

    from pulumi_sig.emulator.server import EmulatorServer

    with EmulatorServer(tmp_path, port=0, retry_after=0) as server:
        group = f"{server.url}/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg?api-version=2021-04-01"
        requests.put(group, json={"location": "westus", "tags": {"a": "1"}}, timeout=10)
        reply = requests.patch(group, json={"tags": {"b": "2"}}, timeout=10)
        assert reply.status_code == 200 and reply.json()["tags"] == {"b": "2"}
        refused = requests.patch(group, json={"location": "eastus"}, timeout=10)
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "InvalidResourceGroupLocation"
        assert requests.get(group, timeout=10).json()["location"] == "westus"
        missing = requests.patch(group.replace("/rg?", "/nope?"), json={"tags": {}}, timeout=10)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "ResourceGroupNotFound"
