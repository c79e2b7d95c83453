"""HTTP API with OpenAPI documentation at /api/docs: public, read-only, paginated."""

from ninja import NinjaAPI

from target87.api.countries import router as countries_router
from target87.api.knowledge import router as knowledge_router
from target87.api.meetings import router as meetings_router
from target87.api.monitoring import router as monitoring_router
from target87.api.partners import router as partners_router
from target87.api.pathfinders import router as pathfinders_router
from target87.api.trends import router as trends_router

api = NinjaAPI(
    title="Target 8.7 Platform API",
    version="1",
    description=(
        "Public data of the Alliance 8.7 platform, read-only and without an account: "
        "countries, pathfinder countries and their e-reports, the monitoring indicators "
        "and published observations (also as SDMX-CSV), good practices, events, "
        "publications, labour laws, partners and the trends of the global estimates. "
        "Only published records are served. Lists take `limit` and `offset` and answer "
        "`items` and `count`; a parameter the API cannot use is answered with 400 and "
        "`{\"detail\": message}`."
    ),
    urls_namespace="api",
)
api.add_router("/countries/", countries_router)
api.add_router("/pathfinders/", pathfinders_router)
api.add_router("/", monitoring_router)
api.add_router("/", knowledge_router)
api.add_router("/partners/", partners_router)
api.add_router("/trends/", trends_router)
api.add_router("/", meetings_router)
