from django.urls import path

from salon.innovation.views import boards, challenges, evaluation, ideas, pipeline

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
    # Brainstorming boards
    path("c/<slug:slug>/boards/", boards.board_list, name="boards"),
    path("c/<slug:slug>/boards/new/", boards.board_new, name="board_new"),
    path("boards/<int:board_id>/", boards.board_detail, name="board_detail"),
    path("boards/<int:board_id>/state/", boards.board_state, name="board_state"),
    path("boards/<int:board_id>/notes/", boards.note_new, name="note_new"),
    path("boards/<int:board_id>/clusters/", boards.cluster_new, name="cluster_new"),
    path("boards/<int:board_id>/phase/", boards.board_phase, name="board_phase"),
    path("boards/<int:board_id>/timer/", boards.board_timer, name="board_timer"),
    path("boards/<int:board_id>/export.csv", boards.board_csv, name="board_csv"),
    path("boards/<int:board_id>/export.svg", boards.board_svg, name="board_svg"),
    path("notes/<int:note_id>/move/", boards.note_move_view, name="note_move"),
    path("notes/<int:note_id>/edit/", boards.note_edit_view, name="note_edit"),
    path("notes/<int:note_id>/remove/", boards.note_remove_view, name="note_remove"),
    path("notes/<int:note_id>/dot/", boards.note_dot_view, name="note_dot"),
    path("notes/<int:note_id>/idea/", boards.note_promote, name="note_idea"),
    path("clusters/<int:cluster_id>/rename/", boards.cluster_rename_view, name="cluster_rename"),
    path("clusters/<int:cluster_id>/remove/", boards.cluster_remove_view, name="cluster_remove"),
    path("clusters/<int:cluster_id>/idea/", boards.cluster_promote, name="cluster_idea"),
]
