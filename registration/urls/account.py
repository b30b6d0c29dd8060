"""The account's own data, mounted under /accounts/ by forum.urls."""

from django.urls import path

from registration.views import account

urlpatterns = [
    path("my-data.json", account.data_export, name="account_data_export"),
    path("delete/", account.account_delete, name="account_delete"),
]
