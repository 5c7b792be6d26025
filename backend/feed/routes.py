"""HTTP for the feed, notifications and people: thin views, rules in service.py, notifications.py, people.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.feed import bp, notifications, people, receivers, schemas, service  # noqa: F401  (receivers: listeners)
from backend.rhythm import read as rhythm

# The feed and profiles show what the fold brings in (milestones, badges): never behind one's own taps.
bp.before_request(rhythm.catch_up_signed_in)


@bp.route("/feed", methods=["GET"])
@login_required
@bp.arguments(schemas.FeedArgs, location="query")
@bp.response(200, schemas.FeedPage)
def feed(args):
    """The celebration feed, newest first: wins, badges, streak milestones, team goals."""
    return service.feed(current_person(), args.get("team_id"), args["mine"], args.get("cursor"), args["limit"])


@bp.route("/notifications", methods=["GET"])
@login_required
@bp.response(200, schemas.Notifications)
def list_notifications():
    """My latest notifications and how many are unread."""
    person = current_person()
    return {"unread": notifications.unread_count(person), "items": notifications.list_notifications(person)}


@bp.route("/notifications/unread", methods=["GET"])
@login_required
@bp.response(200, schemas.UnreadCount)
def unread():
    """How many notifications I have not read."""
    return {"unread": notifications.unread_count(current_person())}


@bp.route("/notifications/read", methods=["POST"])
@login_required
@bp.response(200, schemas.UnreadCount)
def mark_read():
    """Mark all my notifications read."""
    notifications.mark_read(current_person())
    return {"unread": 0}


@bp.route("/colleagues", methods=["GET"])
@login_required
@bp.response(200, schemas.Colleague(many=True))
def colleagues():
    """Everyone active in my organisation, to credit in a win or to nominate."""
    return people.colleagues(current_person())


@bp.route("/people/<id:user_id>/recognition", methods=["GET"])
@login_required
@bp.response(200, schemas.Profile)
def person_recognition(user_id):
    """A person's badges (with reasons), wins and streak records."""
    return people.profile(current_person(), user_id)


@bp.route("/recognition/coverage", methods=["GET"])
@login_required
@bp.response(200, schemas.Coverage)
def coverage():
    """Who in my teams received no recognition in 30 and 90 days; the least recognised teams first."""
    return people.coverage(current_person())
