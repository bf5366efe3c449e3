"""Pages under the language prefix (/<lang>/...)."""

app_name = "registration"
urlpatterns: list = []
