from django.urls import path

from salon.innovation.views import challenges, evaluation, ideas, pipeline

app_name = "innovation"
urlpatterns = [
    path("c/<slug:slug>/challenges/", challenges.challenge_list, name="challenges"),
    path("c/<slug:slug>/challenges/new/", challenges.challenge_new, name="challenge_new"),
    path("c/<slug:slug>/ideas/", pipeline.board, name="board"),
    path("c/<slug:slug>/ideas/funnel/", pipeline.funnel, name="funnel"),
    path("c/<slug:slug>/ideas/stages/", pipeline.stages, name="stages"),
    path("challenges/<int:challenge_id>/", challenges.challenge_detail, name="challenge"),
    path("challenges/<int:challenge_id>/edit/", challenges.challenge_edit, name="challenge_edit"),
    path("challenges/<int:challenge_id>/ideas/new/", ideas.idea_new, name="idea_new"),
    path("challenges/<int:challenge_id>/ideas/similar/", ideas.similar, name="similar"),
    path("challenges/<int:challenge_id>/evaluation/", evaluation.evaluation, name="evaluation"),
    path("ideas/<int:idea_id>/", ideas.idea_detail, name="idea"),
    path("ideas/<int:idea_id>/score/", evaluation.score, name="score"),
    path("ideas/<int:idea_id>/edit/", ideas.idea_edit, name="idea_edit"),
    path("ideas/<int:idea_id>/join/", ideas.join, name="join"),
    path("ideas/<int:idea_id>/vote/", ideas.vote, name="vote"),
    path("ideas/<int:idea_id>/stage/", ideas.move, name="move"),
    path("ideas/<int:idea_id>/files/", ideas.add_file, name="add_file"),
    path("ideas/<int:idea_id>/files/<int:file_id>/remove/", ideas.remove_file, name="remove_file"),
]
