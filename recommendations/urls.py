"""Pages under the language prefix (/<lang>/...)."""

app_name = "recommendations"
urlpatterns: list = []
