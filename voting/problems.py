"""Errors as application/problem+json (RFC 9457), worded in the request's language."""

from __future__ import annotations

from typing import Any

from flask import Response, json, request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .schemas import Problem

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
    "credential_required": (
        401,
        {
            "kk": ("Алдымен растаңыз", "Дауыс бермес бұрын осы дауыс берудің растау қадамынан өтіңіз."),
            "ru": ("Сначала подтвердите", "Перед голосованием пройдите проверку этого голосования."),
            "en": ("Verify first", "Complete this vote's verification step before casting a ballot."),
        },
    ),
    "credential_invalid": (
        401,
        {
            "kk": ("Растау жарамсыз", "Растау мерзімі өтті немесе бүлінген. Растау қадамынан қайта өтіңіз."),
            "ru": ("Подтверждение недействительно", "Подтверждение устарело или повреждено. Пройдите проверку заново."),
            "en": ("Verification not valid", "Your verification has expired or is damaged. Verify again."),
        },
    ),
    "credential_other_contest": (
        403,
        {
            "kk": ("Басқа дауыс берудің растауы", "Бұл растау басқа дауыс беруге арналған. Осы дауыс беру үшін растаңыз."),
            "ru": ("Подтверждение для другого голосования", "Это подтверждение выдано для другого голосования. Пройдите проверку этого."),
            "en": ("Verification for another vote", "This verification belongs to another vote. Verify for this one."),
        },
    ),
    "wrong_method": (
        422,
        {
            "kk": ("Растау тәсілі басқа", "Бұл дауыс беру басқа растау тәсілін қолданады; беттегі нұсқауды орындаңыз."),
            "ru": ("Другой способ проверки", "В этом голосовании другой способ проверки; следуйте подсказкам на странице."),
            "en": ("Different verification method", "This vote uses another verification method; follow the steps on the page."),
        },
    ),
    "pow_invalid": (
        403,
        {
            "kk": ("Тексеру сәтсіз аяқталды", "Құрылғыны тексеру нәтижесі дұрыс емес. Бетті жаңартып, қайталаңыз."),
            "ru": ("Проверка не пройдена", "Результат проверки устройства неверен. Обновите страницу и повторите."),
            "en": ("Check failed", "The device check did not verify. Reload the page and try again."),
        },
    ),
    "pow_expired": (
        403,
        {
            "kk": ("Тексеру мерзімі өтті", "Құрылғыны тексеру тым ұзаққа созылды. Бетті жаңартып, қайталаңыз."),
            "ru": ("Проверка устарела", "Проверка устройства заняла слишком много времени. Обновите страницу и повторите."),
            "en": ("Check expired", "The device check took too long. Reload the page and try again."),
        },
    ),
    "pow_replayed": (
        403,
        {
            "kk": ("Тексеру қолданылған", "Бұл тексеру нәтижесі бұрын қолданылған. Бетті жаңартып, қайталаңыз."),
            "ru": ("Проверка уже использована", "Этот результат проверки уже был использован. Обновите страницу и повторите."),
            "en": ("Check already used", "This check was used before. Reload the page and try again."),
        },
    ),
    "email_invalid": (
        422,
        {
            "kk": ("Электрондық пошта мекенжайы қате", "Электрондық пошта мекенжайын толық жазыңыз, мысалы name@example.kz."),
            "ru": ("Неверный адрес почты", "Введите адрес электронной почты полностью, например name@example.kz."),
            "en": ("Invalid e-mail address", "Enter the whole e-mail address, for example name@example.kz."),
        },
    ),
    "email_resend_wait": (
        429,
        {
            "kk": ("Код жіберілді", "Код жаңа ғана жіберілді. Хатты тексеріңіз немесе біраз күтіп, қайта сұраңыз."),
            "ru": ("Код уже отправлен", "Код только что отправлен. Проверьте почту или подождите немного и запросите снова."),
            "en": ("Code already sent", "A code was sent a moment ago. Check your mail, or wait a little and ask again."),
        },
    ),
    "email_locked": (
        429,
        {
            "kk": ("Тым көп әрекет", "Қате код тым көп енгізілді. Бұл мекенжай біраз уақытқа бұғатталды."),
            "ru": ("Слишком много попыток", "Слишком много неверных кодов. Этот адрес временно заблокирован."),
            "en": ("Too many attempts", "Too many wrong codes. This address is locked for a while."),
        },
    ),
    "email_code_wrong": (
        403,
        {
            "kk": ("Код қате", "Код сәйкес келмейді. Хаттағы алты цифрды тексеріп, қайта енгізіңіз."),
            "ru": ("Неверный код", "Код не подходит. Проверьте шесть цифр из письма и введите снова."),
            "en": ("Wrong code", "The code does not match. Check the six digits in the message and try again."),
        },
    ),
    "email_code_expired": (
        403,
        {
            "kk": ("Код жарамсыз", "Кодтың мерзімі өтті немесе ол қолданылған. Жаңа код сұраңыз."),
            "ru": ("Код недействителен", "Срок кода истёк или он уже использован. Запросите новый код."),
            "en": ("Code not valid", "The code has expired or was used. Ask for a new one."),
        },
    ),
    "email_unavailable": (
        503,
        {
            "kk": ("Хат жіберілмеді", "Қазір хат жіберу мүмкін емес. Бірнеше минуттан кейін қайталаңыз."),
            "ru": ("Письмо не отправлено", "Сейчас не удаётся отправить письмо. Повторите через несколько минут."),
            "en": ("Message not sent", "The code cannot be sent right now. Try again in a few minutes."),
        },
    ),
    "telegram_invalid": (
        403,
        {
            "kk": ("Telegram растауы өтпеді", "Telegram деректері расталмады. Telegram арқылы қайта кіріңіз."),
            "ru": ("Вход через Telegram не подтверждён", "Данные Telegram не прошли проверку. Войдите через Telegram ещё раз."),
            "en": ("Telegram login not verified", "The Telegram data did not verify. Log in with Telegram again."),
        },
    ),
    "telegram_expired": (
        403,
        {
            "kk": ("Telegram кіруі ескірді", "Telegram арқылы кіргеніңізге 10 минуттан асты. Қайта кіріңіз."),
            "ru": ("Вход через Telegram устарел", "С момента входа через Telegram прошло больше 10 минут. Войдите снова."),
            "en": ("Telegram login too old", "More than 10 minutes have passed since the Telegram login. Log in again."),
        },
    ),
    "method_unavailable": (
        503,
        {
            "kk": ("Растау қолжетімсіз", "Бұл растау тәсілі серверде әлі бапталмаған. Ұйымдастырушыларға хабарлаңыз."),
            "ru": ("Проверка недоступна", "Этот способ проверки ещё не настроен на сервере. Сообщите организаторам."),
            "en": ("Verification unavailable", "This verification method is not set up on the server yet. Tell the organisers."),
        },
    ),
    "access_code_invalid": (
        403,
        {
            "kk": ("Код жарамсыз", "Мұндай код жоқ немесе онымен дауыс берілген. Карточкадағы кодты тексеріңіз."),
            "ru": ("Код недействителен", "Такого кода нет или по нему уже проголосовали. Сверьте код с карточкой."),
            "en": ("Code not valid", "There is no such code, or it has already been used. Check the code on your card."),
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
    # The front server's own refusals (nginx, deploy/nginx/problems.conf), before a request
    # reaches the service.
    "bad_request": (
        400,
        {
            "kk": ("Сұрау қате", "Сервер бұл сұрауды оқи алмады. Мекенжайды тексеріп, қайталаңыз."),
            "ru": ("Некорректный запрос", "Сервер не смог прочитать этот запрос. Проверьте адрес и повторите."),
            "en": ("Bad request", "The server could not read this request. Check the address and try again."),
        },
    ),
    "headers_too_large": (
        431,
        {
            "kk": (
                "Сұрау тақырыптары тым үлкен",
                "Сұраудың тақырыптары немесе cookie файлдары тым үлкен. "
                "Осы сайттың cookie файлдарын өшіріп, қайталаңыз.",
            ),
            "ru": (
                "Слишком большие заголовки",
                "Заголовки или cookie запроса слишком велики. Удалите cookie этого сайта и повторите.",
            ),
            "en": (
                "Request headers too large",
                "The request's headers or cookies are too large. Clear this site's cookies and try again.",
            ),
        },
    ),
    "not_implemented": (
        501,
        {
            "kk": ("Қолдау көрсетілмейді", "Сервер сұрау денесін бұлай жіберуді (Transfer-Encoding) қабылдамайды. Денесін Content-Length арқылы немесе chunked түрінде жіберіңіз."),
            "ru": ("Не поддерживается", "Сервер не принимает тело запроса, переданное таким способом (Transfer-Encoding). Отправьте его с Content-Length или в виде chunked."),
            "en": ("Not supported", "The server does not accept a body sent this way (Transfer-Encoding). Send it with Content-Length or chunked."),
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


def body(code: str, lang: str, **extra: Any) -> dict[str, Any]:
    """The problem document; ``extra`` members must be fields of schemas.Problem."""
    status, texts = MESSAGES[code]
    title, detail = texts[lang]
    return Problem(type=f"/api/v1/problems/{code}", title=title, status=status, detail=detail, **extra).dump()


def best_language(accept_language: str | None) -> str:
    """kk, ru or en, the first of them an Accept-Language header names; else en."""
    return parse_accept_header(accept_language, LanguageAccept).best_match(LANGS, default="en") or "en"


def language() -> str:
    return best_language(request.headers.get("Accept-Language"))


def problem(code: str, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    document = body(code, language(), **extra)
    response = Response(
        json.dumps(document, ensure_ascii=False), status=document["status"], mimetype="application/problem+json"
    )
    response.headers["Content-Language"] = language()
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
