"""HR's authoring of training modules: create, edit a draft, preview it as a learner,
publish, duplicate, translate, retire (docs/training.md, "Authoring modules")."""
