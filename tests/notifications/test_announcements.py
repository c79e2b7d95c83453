"""The Secretariat writes to an audience; each person reads it in their language or in
English with a note saying so; emails follow each person's choices."""

import pytest
from django.urls import reverse

from target87.notifications import kinds, services
from target87.notifications.models import Announcement, Delivery, Email, Notification

pytestmark = pytest.mark.django_db

NOTE_FR = "Cette annonce n’est pas disponible dans votre langue ; elle est affichée en anglais."


def announce(client, secretariat, audience, **texts):
    client.force_login(secretariat)
    data = {"audience": audience, "title_en": "Reporting opens", "body_en": "Fill it in.",
            **texts}
    return client.post(reverse("notifications:announcement_new"), data)


def test_focal_points_read_it_in_their_language_or_english_with_note(
        client, secretariat, focal_point, other_focal_point, gcg_member):
    services.set_preferences(focal_point, language="es")
    services.set_preferences(other_focal_point, language="fr")
    focal_point.email = "fp@example.org"
    focal_point.save()
    response = announce(client, secretariat, "focal_points",
                        title_es="Se abre el informe", body_es="Complételo.")
    announcement = Announcement.objects.get()
    assert response.status_code == 302 and announcement.recipient_count == 2
    spanish = Notification.objects.get(recipient=focal_point)
    assert (spanish.subject, spanish.body, spanish.note) == ("Se abre el informe",
                                                            "Complételo.", "")
    assert spanish.url == f"/es/notifications/announcements/{announcement.pk}/"
    french = Notification.objects.get(recipient=other_focal_point)
    assert (french.subject, french.note) == ("Reporting opens", NOTE_FR)
    assert not Notification.objects.filter(recipient=gcg_member).exists()
    # the email follows the person's choice: immediately by default, if they have an address
    email = Email.objects.get()
    assert email.to_address == "fp@example.org" and email.subject == "Se abre el informe"
    assert email.kind == kinds.ANNOUNCEMENT
    # the page in the reader's language, the English fallback with the visible note
    client.force_login(other_focal_point)
    page = client.get(f"/fr/notifications/announcements/{announcement.pk}/").content.decode()
    assert "Reporting opens" in page and NOTE_FR in page
    client.force_login(focal_point)
    page = client.get(f"/es/notifications/announcements/{announcement.pk}/").content.decode()
    assert "Se abre el informe" in page and "Reporting opens" not in page
    # someone outside the audience does not see it
    client.force_login(gcg_member)
    assert client.get(reverse("notifications:announcement",
                              args=[announcement.pk])).status_code == 404


def test_only_the_secretariat_writes_and_a_half_translation_is_refused(
        client, secretariat, focal_point):
    client.force_login(focal_point)
    assert client.get(reverse("notifications:announcement_new")).status_code == 403
    response = announce(client, secretariat, "everyone", title_fr="Titre seul")
    assert response.status_code == 200
    assert "Give both the title and the text" in response.content.decode()
    assert not Announcement.objects.exists()
    # sending the same announcement twice is refused
    announce(client, secretariat, "everyone")
    with pytest.raises(ValueError):
        services.send_announcement(Announcement.objects.get())


def test_digest_choice_holds_announcement_email(client, secretariat, partner_user):
    partner_user.email = "p@example.org"
    partner_user.save()
    services.set_preferences(partner_user, deliveries={kinds.ANNOUNCEMENT: Delivery.DIGEST})
    announce(client, secretariat, "partners")
    assert Notification.objects.get(recipient=partner_user).delivery == Delivery.DIGEST
    assert not Email.objects.exists()


def test_action_group_audience(client, secretariat, partner_user, gcg_member):
    from target87.accounts.models import Role
    from target87.accounts.services import grant_role
    from target87.groups.models import ActionGroup, GroupMembership
    from target87.notifications import audiences
    from target87.partnership.models import Partner

    group = ActionGroup.objects.filter(slug="supply-chains").first() or ActionGroup.objects.create(
        slug="supply-chains", name_en="Supply Chains")
    partner = Partner.objects.create(name="Cocoa Union", partner_type="civil_society")
    GroupMembership.objects.create(group=group, partner=partner)
    grant_role(partner_user, Role.PARTNER_REPRESENTATIVE, organisation=partner)
    key = f"group:{group.slug}"
    assert list(audiences.recipients(key)) == [partner_user]
    announce(client, secretariat, key)
    assert Notification.objects.filter(kind=kinds.ANNOUNCEMENT).count() == 1
    assert Notification.objects.get().recipient == partner_user
