import pytest
from django.contrib.auth.models import AnonymousUser

from forum import rules as forum_rules
from forum.models import ForumRole
from tests.factories import ForumFactory, RoomFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return ForumFactory()


@pytest.mark.parametrize(
    ("role", "predicate"),
    [
        (ForumRole.Role.SECRETARIAT, forum_rules.is_secretariat),
        (ForumRole.Role.MAG_MEMBER, forum_rules.is_mag_member),
        (ForumRole.Role.CAPTIONER, forum_rules.is_captioner),
        (ForumRole.Role.HUB_COORDINATOR, forum_rules.holds_hub_coordinator_role),
    ],
)
def test_each_role_predicate_holds_only_in_its_own_forum(forum, role, predicate):
    other_forum = ForumFactory()
    holder, stranger = UserFactory(), UserFactory()
    grant(holder, forum, role)
    room = RoomFactory(forum=forum)

    assert predicate.test(holder, forum) is True
    assert predicate.test(holder, room) is True  # anything with a .forum
    assert predicate.test(holder, other_forum) is False
    assert predicate.test(stranger, forum) is False
    assert predicate.test(AnonymousUser(), forum) is False


def test_roles_do_not_imply_each_other(forum):
    mag = UserFactory()
    grant(mag, forum, ForumRole.Role.MAG_MEMBER)
    assert forum_rules.is_secretariat.test(mag, forum) is False
    assert forum_rules.is_captioner.test(mag, forum) is False
    assert forum_rules.can_manage_forum.test(mag, forum) is False


def test_superuser_counts_as_secretariat_everywhere(forum):
    admin = UserFactory(is_superuser=True)
    assert forum_rules.is_secretariat.test(admin, forum) is True
    assert forum_rules.is_mag_member.test(admin, forum) is False


def test_private_forum_is_visible_only_to_its_role_holders(forum):
    forum.is_public = False
    forum.save()
    captioner, stranger = UserFactory(), UserFactory()
    grant(captioner, forum, ForumRole.Role.CAPTIONER)
    assert forum_rules.can_view_forum.test(captioner, forum) is True
    assert forum_rules.can_view_forum.test(stranger, forum) is False
    assert forum_rules.can_view_forum.test(AnonymousUser(), forum) is False


def test_revoking_a_role_takes_effect_on_the_same_user_object(forum):
    from forum.services import role_revoke

    user = UserFactory()
    grant(user, forum, ForumRole.Role.SECRETARIAT)
    assert forum_rules.is_secretariat.test(user, forum) is True
    role_revoke(forum=forum, user=user, role=ForumRole.Role.SECRETARIAT)
    assert forum_rules.is_secretariat.test(user, forum) is False


def test_roles_are_loaded_once_per_user(forum, django_assert_num_queries):
    user = UserFactory()
    grant(user, forum, ForumRole.Role.MAG_MEMBER)
    forums = [forum, *ForumFactory.create_batch(5)]
    with django_assert_num_queries(1):
        results = [forum_rules.is_mag_member.test(user, f) for f in forums]
    assert results == [True, False, False, False, False, False]


def test_permissions_are_registered_under_their_names(forum):
    secretariat = UserFactory()
    grant(secretariat, forum, ForumRole.Role.SECRETARIAT)
    assert secretariat.has_perm("forum.manage_forum", forum) is True
    assert secretariat.has_perm("forum.use_admin") is True
    assert UserFactory().has_perm("forum.use_admin") is False


def test_one_predicate_says_who_has_a_working_account(forum):
    from sessions.rules import proposals as proposal_rules
    from sessions.rules import review as review_rules

    active, inactive = UserFactory(), UserFactory(is_active=False)
    assert forum_rules.is_active_user.test(active) is True
    assert forum_rules.is_active_user.test(active, forum) is True
    assert forum_rules.is_active_user.test(inactive, forum) is False
    assert forum_rules.is_active_user.test(AnonymousUser(), forum) is False
    assert forum_rules.is_active_user.test(None) is False
    # The admin gate and the apps' predicates ask it instead of testing the flags themselves.
    assert forum_rules.is_secretariat_anywhere.test(UserFactory(is_superuser=True)) is True
    assert (
        forum_rules.is_secretariat_anywhere.test(UserFactory(is_superuser=True, is_active=False))
        is False
    )
    assert proposal_rules.can_propose.test(inactive, forum) is False
    assert proposal_rules.can_propose.test(active, forum) is True
    assert review_rules.is_conflicted.test(inactive, object()) is False


def test_the_hub_coordinator_role_predicate_says_it_is_a_role(forum):
    holder = UserFactory()
    grant(holder, forum, ForumRole.Role.HUB_COORDINATOR)
    assert forum_rules.holds_hub_coordinator_role.test(holder, forum) is True
    assert not hasattr(forum_rules, "is_hub_coordinator")
