"""HTTP for the weekly reflection: thin views, rules in service.py."""

from flask import Response
from flask_login import login_required

from backend.accounts.login import current_person
from backend.reflections import bp, schemas, service


@bp.route("/reflections/current", methods=["GET"])
@login_required
@bp.response(200, schemas.Current)
def current():
    """This week's window (Friday 08:00 – Monday 12:00, my time), the question and my answer."""
    return service.current(current_person())


@bp.route("/reflections/current", methods=["PUT"])
@login_required
@bp.arguments(schemas.AnswerArgs)
@bp.response(200, schemas.Reflection)
@bp.alt_response(201, schema=schemas.Reflection, description="The first answer of the week")
def answer(args):
    """Write or rewrite my reflection while the window is open."""
    reflection, created = service.answer(current_person(), args["answer"])
    return reflection, 201 if created else 200


@bp.route("/reflections", methods=["GET"])
@login_required
@bp.arguments(schemas.ListArgs, location="query")
@bp.response(200, schemas.Reflection(many=True))
def list_reflections(args):
    """My reflections, or a person's or team's for their managers (admins: without the text)."""
    return service.list_reflections(current_person(), args.get("user_id"), args.get("team_id"))


@bp.route("/reflections/export", methods=["GET"])
@login_required
@bp.arguments(schemas.ExportArgs, location="query")
@bp.response(200, description="A JSON or CSV download of my reflections and their threads")
def export(args):
    """Download my reflections as JSON or CSV."""
    body, mimetype, filename = service.export(current_person(), args["format"])
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/reflections/<id:reflection_id>", methods=["GET"])
@login_required
@bp.response(200, schemas.Reflection)
def get_reflection(reflection_id):
    """One reflection with its coaching thread."""
    return service.get_reflection(current_person(), reflection_id)


@bp.route("/reflections/<id:reflection_id>/replies", methods=["POST"])
@login_required
@bp.arguments(schemas.ReplyArgs)
@bp.response(201, schemas.Reflection)
def reply(args, reflection_id):
    """Reply in the week's thread (the person's managers, or the person)."""
    return service.reply(current_person(), reflection_id, args["text"])
