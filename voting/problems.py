"""Errors as application/problem+json (RFC 9457), worded in the request's language."""

from __future__ import annotations

from typing import Any

from flask import Response, json, request

LANGS = ("kk", "ru", "en")

# code: (status, {lang: (title, detail)})
MESSAGES: dict[str, tuple[int, dict[str, tuple[str, str]]]] = {
    "unknown_contest": (
        404,
        {
            "kk": ("Дауыс беру табылмады", "Мұндай дауыс беру жоқ. Сілтемені тексеріңіз."),
            "ru": ("Голосование не найдено", "Такого голосования нет. Проверьте ссылку."),
            "en": ("Vote not found", "There is no such vote. Check the link."),
        },
    ),
    "unknown_receipt": (
        404,
        {
            "kk": ("Түбіртек табылмады", "Бұл кодпен дауыс тіркелмеген. Кодты толық әрі қатесіз көшіріңіз."),
            "ru": (
                "Квитанция не найдена",
                "Голос с таким кодом не записан. Скопируйте код полностью и без ошибок.",
            ),
            "en": (
                "Receipt not found",
                "No ballot was recorded with this code. Copy the whole code exactly.",
            ),
        },
    ),
    "not_found": (
        404,
        {
            "kk": ("Бет табылмады", "Мұндай мекенжай жоқ."),
            "ru": ("Не найдено", "Такого адреса нет."),
            "en": ("Not found", "There is nothing at this address."),
        },
    ),
    "method_not_allowed": (
        405,
        {
            "kk": ("Әдіс қолданылмайды", "Бұл мекенжай мұндай сұрау әдісін қабылдамайды."),
            "ru": ("Метод не поддерживается", "Этот адрес не принимает такой метод запроса."),
            "en": ("Method not allowed", "This address does not accept this request method."),
        },
    ),
    "already_voted": (
        409,
        {
            "kk": (
                "Сіз дауыс беріп қойғансыз",
                "Бұл дауыс беруде сіздің дауысыңыз тіркелген. Әр адам бір рет қана дауыс береді.",
            ),
            "ru": (
                "Вы уже проголосовали",
                "Ваш голос в этом голосовании уже записан. Голосовать можно один раз.",
            ),
            "en": (
                "You have already voted",
                "Your ballot in this vote is already recorded. Everyone votes once.",
            ),
        },
    ),
    "not_open": (
        403,
        {
            "kk": ("Дауыс беру ашық емес", "Бұл дауыс беру әлі басталған жоқ немесе аяқталды."),
            "ru": ("Голосование закрыто", "Это голосование ещё не началось или уже завершилось."),
            "en": ("Voting is not open", "This vote has not started yet or has already closed."),
        },
    ),
    "sealed": (
        403,
        {
            "kk": ("Нәтижелер жабық", "Бұл дауыс берудің нәтижелері ол аяқталғаннан кейін жарияланады."),
            "ru": (
                "Результаты скрыты",
                "Результаты этого голосования будут опубликованы после его окончания.",
            ),
            "en": ("Results are sealed", "The results of this vote are published when it closes."),
        },
    ),
    "unknown_candidate": (
        422,
        {
            "kk": ("Үміткер табылмады", "Бұл дауыс беруде мұндай үміткер жоқ."),
            "ru": ("Кандидат не найден", "В этом голосовании нет такого кандидата."),
            "en": ("Unknown candidate", "There is no such candidate in this vote."),
        },
    ),
    "malformed": (
        422,
        {
            "kk": (
                "Сұрау дұрыс емес",
                'Денесі {"candidate": "<профиль идентификаторы>"} түріндегі JSON болуы керек.',
            ),
            "ru": (
                "Неверный запрос",
                'Тело запроса должно быть JSON вида {"candidate": "<идентификатор профиля>"}.',
            ),
            "en": ("Malformed request", 'The body must be JSON like {"candidate": "<profile id>"}.'),
        },
    ),
    "too_large": (
        413,
        {
            "kk": ("Сұрау тым үлкен", "Дауыс беру сұрауы бірнеше байттан аспайды; денесін қысқартыңыз."),
            "ru": (
                "Слишком большой запрос",
                "Запрос на голосование занимает несколько байт; сократите тело запроса.",
            ),
            "en": ("Request too large", "A ballot is a few bytes; send a smaller body."),
        },
    ),
    "unsupported_type": (
        415,
        {
            "kk": ("Қате мазмұн түрі", "Content-Type: application/json тақырыбымен жіберіңіз."),
            "ru": (
                "Неверный тип содержимого",
                "Отправьте запрос с заголовком Content-Type: application/json.",
            ),
            "en": ("Unsupported content type", "Send the request with Content-Type: application/json."),
        },
    ),
    "rate_limited": (
        429,
        {
            "kk": ("Сұраулар тым көп", "Тым жиі сұрау жібердіңіз. Біраз күтіп, қайталаңыз."),
            "ru": ("Слишком много запросов", "Запросы идут слишком часто. Подождите немного и повторите."),
            "en": ("Too many requests", "Requests are coming too fast. Wait a moment and try again."),
        },
    ),
    "unavailable": (
        503,
        {
            "kk": (
                "Дауыс беру уақытша қолжетімсіз",
                "Қызмет дауыстарды қазір қабылдай алмайды; ешбір дауыс жоғалған жоқ. Бірнеше минуттан кейін қайталаңыз.",
            ),
            "ru": (
                "Голосование временно недоступно",
                "Сервис сейчас не может принимать голоса; ни один голос не потерян. Повторите через несколько минут.",
            ),
            "en": (
                "Voting is temporarily unavailable",
                "The service cannot accept ballots right now; no ballot was lost. Try again in a few minutes.",
            ),
        },
    ),
    "server_error": (
        500,
        {
            "kk": ("Ішкі қате", "Сервердің ішінде қате болды. Кейінірек қайталаңыз."),
            "ru": ("Внутренняя ошибка", "На сервере произошла ошибка. Повторите позже."),
            "en": ("Internal error", "Something went wrong on the server. Try again later."),
        },
    ),
}


def language() -> str:
    return request.accept_languages.best_match(LANGS, default="en") or "en"


def problem(code: str, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    status, texts = MESSAGES[code]
    title, detail = texts[language()]
    body = {"type": f"/api/v1/problems/{code}", "title": title, "status": status, "detail": detail, **extra}
    response = Response(
        json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json"
    )
    response.headers["Content-Language"] = language()
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
