"""Following by e-mail, under /follow/: public addresses, since every mail links to them."""

from django.urls import path

from quotes.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.follow, name="follow"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("stop/<str:token>/", views.stop, name="stop"),
]
