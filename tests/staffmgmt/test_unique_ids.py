"""A page's element ids are unique: two forms sharing id="id_reason" swallowed each
other's input on /posts/<id>/."""

import re
from collections import Counter

from tests import factories


def duplicate_ids(html: str) -> list[str]:
    counts = Counter(re.findall(r'\sid="([^"]+)"', html))
    return [element_id for element_id, n in counts.items() if n > 1]


def test_the_post_page_with_both_pairing_forms_has_unique_ids(client, manager, hall):
    post = factories.post(unit=hall)
    factories.pairing(post=post, a=factories.staff(unit=hall), b=factories.staff(unit=hall))
    client.force_login(manager.user)

    page = client.get(f"/posts/{post.pk}/").content.decode()

    assert 'id="end_reason"' in page and 'id="pair_reason"' in page
    assert duplicate_ids(page) == []
