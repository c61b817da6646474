"""Page numbers of the API's lists: `?page=` with nothing after it is an invalid page, as `?page=x` is."""

from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """DRF reads an empty `page` as page 1; the schema says a page is a number, so it is a 404 like any other."""

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param)
        if number is not None and not number.strip():
            raise NotFound(self.invalid_page_message.format(page_number=number, message="no page number"))
        return super().get_page_number(request, paginator)


class ClaimReviewPages(Pages):
    page_size = 50
