"""The kernel's service viewsets offer only the writes they can serve."""


def test_a_service_viewset_without_an_update_shape_serves_no_patch():
    """PATCH on such a viewset's row is a 405, not a 500 for want of an input shape."""
    from assessment.api import SchemeViewSet
    from staffmgmt.api.org import StaffViewSet

    assert "patch" not in SchemeViewSet.http_method_names
    assert "patch" in StaffViewSet.http_method_names
