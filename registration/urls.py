"""Pages under the language prefix (/<lang>/...)."""

urlpatterns: list = []
