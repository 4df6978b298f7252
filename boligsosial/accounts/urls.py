from django.urls import path

from boligsosial.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path("passord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("passord/endret/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("glemt-passord/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "glemt-passord/sendt/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nytt-passord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nytt-passord/ferdig/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
