"""403, 404 and 500 are pages of the site: the base layout with the menu, in both
languages; the API docs load nothing from the internet."""

import re

import pytest
from django.test import Client
from django.urls import path

from config import urls as root_urls


def boom(request):
    raise RuntimeError("broken on purpose")


@pytest.fixture
def urls_with_a_broken_page(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


urlpatterns = [path("boom/", boom), *root_urls.urlpatterns]
handler500 = root_urls.handler500


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_403_is_the_styled_page_with_the_menu(client, cadre, settings, language):
    settings.DEBUG = False
    client.force_login(cadre.user)

    response = client.get("/leave/approvals/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="error-page"' in page and 'class="mainnav"' in page
    if language == "zh-hans":
        assert "只有管理人员可以执行此操作" in page and '<html lang="zh-hans">' in page


def test_a_404_is_the_styled_page_with_the_menu(client, cadre, settings):
    settings.DEBUG = False
    client.force_login(cadre.user)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert 'id="error-page"' in response.content.decode()
    assert 'class="mainnav"' in response.content.decode()


def test_a_500_is_the_styled_page_with_the_menu(urls_with_a_broken_page, cadre):
    client = Client(raise_request_exception=False)
    client.force_login(cadre.user)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert 'id="error-page"' in response.content.decode()
    assert 'class="mainnav"' in response.content.decode()


def test_redoc_is_not_offered(client, cadre):
    client.force_login(cadre.user)

    assert client.get("/api/redoc/").status_code == 404


def test_the_api_docs_load_nothing_from_the_internet(client, cadre):
    client.force_login(cadre.user)

    page = client.get("/api/docs/").content.decode()

    assert not re.search(r"(src|href)=\"https?://", page)
