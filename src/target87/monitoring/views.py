def indicator_list(request):
    pass
completion_dashboard = questionnaire_list = questionnaire_edit = questionnaire_autosave = indicator_list
questionnaire_review = questionnaire_xlsform = questionnaire_import = values_export = values_import = indicator_list
