"""The roster REST API, a module per area. Every queryset comes from `roster.selectors`
(scoped to the user); every change is one service call, through `kernel.api.viewsets`.
`roster.api_urls` registers the viewsets on the site's one router."""
