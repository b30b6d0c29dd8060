"""The secretariat's pages for the forum's rooms and themes, under /forums/<slug>/."""

from django.urls import path

from forum.settings_pages import views

urlpatterns = [
    path("settings/rooms/", views.rooms, name="settings_rooms"),
    path("settings/rooms/new/", views.room_edit, name="settings_room_new"),
    path("settings/rooms/<int:pk>/", views.room_edit, name="settings_room_edit"),
    path("settings/themes/", views.themes, name="settings_themes"),
    path("settings/themes/new/", views.theme_edit, name="settings_theme_new"),
    path("settings/themes/<int:pk>/", views.theme_edit, name="settings_theme_edit"),
]
