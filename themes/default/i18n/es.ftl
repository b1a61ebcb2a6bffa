# Textos de la interfaz del tema predeterminado de candor, en español
# (Latinoamérica, de "tú"). Los mismos mensajes que en en.ftl; los
# comentarios de ese archivo explican dónde aparece cada uno.
#
# Los mensajes que muestran los scripts (atributos data-…) deben conservar
# sus marcadores, como `{ $query }` y `{ $total }`.

## Compartidos por varias plantillas

list-separator = {", "}
list-separator-long = {"; "}
list-last-separator = {" y "}
error-prefix = Error:
reading-time = { $count ->
    [one] { $count } min de lectura
   *[other] { $count } min de lectura
}
quick-exit = Salir de esta página

## Recursos de crisis (base.html, index.html, intake.html, intake-message.html, intake-thanks.html)
## Cada línea dice "Servicio: llama al 988, o envía un mensaje de texto al 988 (sitio web)".

crisis-call = llama al
crisis-text = envía un mensaje de texto al
crisis-or-text = o envía un mensaje de texto al
crisis-website = sitio web
crisis-heading = Si necesitas ayuda ahora mismo

## base.html

skip-to-content = Saltar al contenido principal
quick-exit-leaving = Saliendo de esta página.
quick-exit-pressed = { $count ->
    [one] Presionaste Mayús { $count } vez.
   *[other] Presionaste Mayús { $count } veces.
}
quick-exit-remaining = { $count ->
    [one] Presiónala { $count } vez más para salir de esta página.
   *[other] Presiónala { $count } veces más para salir de esta página.
}
search-link = Buscar
language-switcher-label = Idioma
switcher-home-only = página de inicio
main-nav-label = Principal
menu-button = Menú
crisis-banner-label = Apoyo en crisis
crisis-banner-heading = ¿Necesitas ayuda ahora?
breadcrumbs-label = Ruta de navegación
footer-disclaimer = Los artículos de este sitio son educativos. No son un diagnóstico y no reemplazan la atención de un profesional con licencia que te conozca.
footer-email = Correo electrónico:
footer-phone = Teléfono:
footer-about = Quiénes somos
footer-privacy = Privacidad
footer-browsing-safely = Navegar de forma segura
footer-feed = Canal de noticias

## index.html

home-find-heading = Encuentra un terapeuta con licencia
home-find-text = Cuéntanos un poco sobre lo que buscas y nuestro equipo de admisión te sugerirá terapeutas con licencia en el lugar donde vives.
home-find-button = Encuentra un terapeuta con licencia
home-topics-heading = Temas
home-start-here-heading = Empieza aquí
home-explore-heading = Explora

## partials/untranslated.html (páginas de sección y de inicio)

untranslated-heading = Aún sin traducir
untranslated-note = { $count ->
    [one] Por ahora, esta página solo está en su idioma original.
   *[other] Por ahora, estas páginas solo están en su idioma original.
}

## partials/pagination.html

pagination-label = Páginas
pagination-previous = Página anterior
pagination-next = Página siguiente
pagination-position = Página { $number } de { $total }

## partials/review.html

review-last-reviewed = Última revisión de la página
review-due = Próxima revisión
review-by = Revisado por

## article.html

article-topics-label = Temas
content-warning-label = Advertencia de contenido:
content-warning-stop = Puedes dejar de leer en cualquier momento.
content-warning-exit-before = El enlace
content-warning-exit-after = te lleva a otro sitio.
toc-heading = En esta página
faq-heading = Preguntas frecuentes
tags-label = Etiquetas:
article-therapists-heading = Terapeutas que trabajan con este tema
article-therapist-licensed-in = Con licencia en { $states }.
article-therapist-not-accepting = En este momento no acepta nuevos clientes.
related-heading = Artículos relacionados
pager-label = Más en { $section }
pager-previous = Anterior
pager-next = Siguiente

## partials/therapist_card.html y therapist.html

therapist-accepting = Acepta nuevos clientes
therapist-not-accepting = En este momento no acepta nuevos clientes
therapist-card-example = Perfil de ejemplo: esta persona es ficticia.
therapist-licensed-in = Con licencia en
therapist-sees = Atiende a
therapist-sessions = Sesiones
therapist-sessions-video = Por video
therapist-sessions-video-and-in-person = Por video y en persona en
therapist-sessions-in-person = En persona en
therapist-languages = Idiomas

## therapist.html

therapist-description = Terapeuta de { $site }
profile-example = Perfil de ejemplo: esta persona es ficticia; el perfil muestra cómo funciona el directorio.
profile-works-with = Trabaja con
profile-approaches = Enfoques
profile-affirming = Enfoque afirmativo
profile-sessions-heading = Sesiones y tarifas
profile-where = Dónde
profile-where-video = Sesiones por video para personas que viven donde { $name } tiene licencia
profile-where-video-and-in-person = Sesiones por video para personas que viven donde { $name } tiene licencia; en persona en
profile-where-in-person = En persona en
profile-fees = Tarifas
profile-sliding-scale = Tarifa según ingresos
profile-sliding-scale-yes = Sí, hay tarifas más bajas: pregunta cuando te comuniques
profile-sliding-scale-no = No
profile-insurance = Seguro médico
profile-insurance-none = No está en la red de ninguna aseguradora; puedes pedir un recibo para solicitar el reembolso de beneficios fuera de la red
profile-licenses-heading = Licencias
profile-licenses-text = Los terapeutas solo pueden atender a clientes que viven en un estado donde tienen licencia. Puedes verificar una licencia con la junta de licencias del estado.
profile-license = { $state }: { $kind }, número de licencia { $number }
profile-ask-match = Pide que te conectemos con un terapeuta

## directory.html

directory-default-title = Terapeutas
directory-filter-title = Terapeutas: { $filter }
directory-heading-state = Terapeutas con licencia en { $state }
directory-heading-language = Terapeutas que ofrecen sesiones en { $language }
directory-heading-topic = Terapeutas que trabajan con { $topic }
directory-filter-count = { $count ->
    [one] { $count } terapeuta
   *[other] { $count } terapeutas
}, { $accepting ->
    [one] { $accepting } acepta nuevos clientes.
   *[other] { $accepting } aceptan nuevos clientes.
}
directory-see-all = Ver todos los terapeutas
directory-intro = Los terapeutas solo pueden atender a personas que viven en un estado donde tienen licencia, así que empieza por tu estado.
directory-intro-or = O
directory-intro-tell-us = cuéntanos qué buscas
directory-intro-match = y te ayudamos a encontrar a alguien.
directory-ask-match = Pide que te conectemos con un terapeuta
directory-browse-heading = Explora a los terapeutas
directory-by-state = Por estado
directory-by-topic = Por lo que trabajan
directory-by-language = Por idioma
filter-heading = Filtra esta lista
filter-state = Estado donde vives
filter-state-any = Cualquier estado
filter-topic = Trabaja con
filter-topic-any = Cualquier tema
filter-language = Idioma
filter-language-any = Cualquier idioma
filter-format = Quién viene a las sesiones
filter-format-any = Cualquier persona
filter-telehealth = Ofrece sesiones por video
filter-reset = Borrar filtros
directory-list-heading-all = Todos los terapeutas
directory-list-heading-filtered = Terapeutas
directory-showing = { $count ->
    [one] Se muestra { $count } terapeuta.
   *[other] Se muestran { $count } terapeutas.
}
directory-showing-of = { $count ->
    [one] Se muestra { $count } terapeuta de { $total }.
   *[other] Se muestran { $count } terapeutas de { $total }.
}
directory-empty = Ningún terapeuta de esta lista cumple con todos esos filtros.
directory-empty-try = Intenta quitar uno.
directory-empty-try-or = Intenta quitar uno o
directory-empty-ask = pídenos ayuda para encontrar a alguien

## intake.html

intake-description = Pide que te conectemos con un terapeuta con licencia.
intake-before-heading = Antes de empezar
intake-reply-time = Nadie lee este formulario las 24 horas. Puede que tardemos hasta dos días hábiles en responderte.
intake-danger = Si estás en peligro o crees que podrías actuar según pensamientos de hacerte daño, no uses este formulario.
intake-get-help-link = Mira dónde pedir ayuda ahora
intake-exit-before = Si alguien pudiera ver tu pantalla, puedes salir en cualquier momento con
intake-exit-after = , o presionando tres veces la tecla Mayús (Shift).
error-summary-title = Hay un problema
field-optional = (opcional)
intake-privacy-link = Lee nuestro aviso de privacidad
intake-privacy-note = (se abre en esta pestaña; podrías perder las respuestas que ya escribiste).
select-choose = Elige…
honeypot-label = Deja este campo vacío
intake-browse-before = También puedes
intake-browse-link = ver a nuestros terapeutas
intake-browse-after = por tu cuenta.

## intake-message.html

intake-message-call-us = También puedes llamarnos al

## intake-thanks.html

thanks-title = Gracias
thanks-description = Qué pasa después de que pides que te conectemos con un terapeuta.
thanks-heading = Gracias: recibimos tus respuestas
thanks-next-heading = Qué pasa ahora
thanks-next-read = Una persona de nuestro equipo de admisión lee tus respuestas, normalmente en un plazo de dos días hábiles.
thanks-next-contact = Se comunica contigo de la forma que pediste, y solo de esa forma. Si dijiste que no dejáramos mensajes, no los dejará.
thanks-next-call = Tienen una llamada corta y sin costo para ver si hay una buena afinidad. Puedes preguntar lo que quieras y no tienes que seguir adelante.
thanks-locked = Tus respuestas están protegidas para que solo nuestro equipo de admisión pueda leerlas. No se guardan en ningún otro lugar, y nada de lo que escribiste aparece en la dirección de esta página.
thanks-matches-heading = Terapeutas que podrían ser una buena opción para ti
thanks-no-match-heading = Cómo encontrar un terapeuta
thanks-resources-heading = Otros lugares donde buscar ayuda
thanks-matches-text = Estos terapeutas tienen licencia en { $state } y aceptan nuevos clientes; aparecen primero los que mejor encajan con tus respuestas. Confirmaremos su disponibilidad cuando nos comuniquemos contigo.
thanks-match-reason = Trabaja con:
thanks-nobody-licensed = Lo sentimos: todavía ninguno de nuestros terapeutas tiene licencia en { $state }, así que no podemos ofrecerte sesiones. Igual te responderemos, con sugerencias de dónde buscar un terapeuta con licencia cerca de ti.
thanks-nobody-accepting = Nuestros terapeutas con licencia en { $state } no están aceptando nuevos clientes en este momento. Te responderemos para hablar de una lista de espera u otras opciones.
thanks-unknown-state = No pudimos saber en qué estado vives, así que todavía no podemos sugerirte un terapeuta. Te lo preguntaremos cuando nos comuniquemos contigo.
thanks-crisis-heading = Si necesitas ayuda antes de que te respondamos
thanks-back-home = Volver a la página de inicio
thanks-browse-therapists = Ver terapeutas

## search.html

search-title = Buscar
search-description = Busca en { $site } o explora todos los artículos, preguntas y páginas de la A a la Z.
search-label = Buscar en este sitio
search-hint = La búsqueda ocurre en tu navegador: lo que escribes no se envía a este sitio ni a nadie más.
search-button = Buscar
search-noscript = JavaScript está desactivado, así que este cuadro no puede buscar aquí: al presionar Buscar solo se volvería a cargar esta página con tus palabras en su dirección, donde el servidor de este sitio podría verlas. En su lugar, usa las listas de abajo o la función “Buscar en la página” de tu navegador (Ctrl+F, o ⌘F en una Mac).
search-status-searching = Buscando…
search-status-common-words = “{ $query }” solo tiene palabras muy comunes. Prueba con otras palabras.
search-status-no-results = No hay resultados para “{ $query }”. Prueba con otras palabras o explora las listas de abajo.
search-status-partial = Ninguna página tiene todas las palabras de “{ $query }”; { $count ->
    [one] { $count } resultado tiene
   *[other] { $count } resultados tienen
} algunas de ellas.
search-status-results = { $count ->
    [one] { $count } resultado
   *[other] { $count } resultados
} para “{ $query }”.
search-status-unavailable = La búsqueda no está disponible en este momento. Las listas de abajo enlazan a todas las páginas.
search-status-unsupported = Este navegador no puede buscar en este sitio. Las listas de abajo enlazan a todas las páginas.
search-status-corrected = Mostrando resultados para “{ $query }” en lugar de “{ $typed }”.
search-results-heading = Resultados
search-more = Mostrar más resultados
search-browse-heading = Explora todo
search-browse-intro = Todo lo que hay en este sitio, de la A a la Z: { $groups }.
search-browse-intro-topics = Todo lo que hay en este sitio, de la A a la Z y luego por tema: { $groups }.
search-by-topic = Por tema
search-a-to-z-heading = { $group }, de la A a la Z
search-letters-label = { $group } por letra inicial
search-browse-count = ({ $count })
search-topic-count = ({ $count ->
    [one] { $count } página
   *[other] { $count } páginas
})
search-topic-therapists = { $count ->
    [one] El terapeuta que trabaja con este tema
   *[other] Los { $count } terapeutas que trabajan con este tema
}

## search-list.html

search-list-title-page = { $group }, de la A a la Z (página { $number } de { $total })
search-list-description = { $group } de { $site }, de la A a la Z.
search-list-intro = { $count } en total.
search-list-letter-continued = { $letter } (continuación)
search-list-pages-label = Páginas de esta lista
search-list-page = Página { $number }

## taxonomy.html

taxonomy-page-count = { $count ->
    [one] { $count } página
   *[other] { $count } páginas
}

## 404.html

not-found-title = No se encontró la página
not-found-text = No hay ninguna página en esta dirección. Puede que se haya movido o que el enlace tenga un error de escritura.
not-found-home-before = Ve a la
not-found-home-link = página de inicio
not-found-home-after = para encontrar lo que buscabas.

## alias.html

alias-title = Esta página se movió
alias-now-at = Ahora está en

## Messages used by candor's own code


breadcrumb-home = Inicio
directory-title = Terapeutas

format-individual = Personas individuales
format-couples = Parejas
format-relationship = Relaciones de tres o más personas

affirming-lgbtq = Respeta y apoya a personas LGBTQ+
affirming-trans = Respeta y apoya a personas trans y no binarias
affirming-kink = Conoce y respeta las prácticas kink
affirming-nonmonogamy = Respeta y apoya las relaciones abiertas y poliamorosas
affirming-asexual = Respeta y apoya a personas asexuales y arrománticas

search-group-article = Artículos
search-group-question = Preguntas
search-group-therapist = Terapeutas
search-group-faq = Páginas de preguntas
search-group-section = Secciones
search-group-page = Otras páginas
search-letter-other = Otros

form-error-unknown-field = El formulario envió una respuesta que no pide (`{ $name }`). Vuelve a cargar la página e inténtalo de nuevo.
form-error-unknown-fields = El formulario envió { $count } respuestas que no pide, como `{ $name }`. Vuelve a cargar la página e inténtalo de nuevo.
form-error-unreadable = Esta respuesta tiene caracteres que no se pudieron leer. Escríbela de nuevo, por favor.
form-error-expired = Este formulario estuvo abierto mucho tiempo. Revisa tus respuestas y envíalo de nuevo.
form-error-consent = Marca la casilla para aceptar antes de enviar el formulario
form-error-choose = Elige una respuesta: { $label }
form-error-choose-some = Elige al menos una: { $label }
form-error-answer = Responde esta pregunta: { $label }
form-error-one-answer = Esta pregunta admite una sola respuesta. Elige una y vuelve a enviar el formulario.
form-error-not-listed = Elige una de las respuestas de la lista para: { $label }
form-error-twice = Cada opción se puede marcar una sola vez.
form-error-email = Escribe un correo electrónico con el formato correcto, por ejemplo nombre@ejemplo.com
form-error-phone = Escribe un número de teléfono con dígitos, por ejemplo 555 010 0123; puedes empezar con +
form-error-too-long = { $max ->
    [one] Escribe como máximo { $max } carácter
   *[other] Escribe como máximo { $max } caracteres
}
form-error-control = Quita los caracteres especiales de esta respuesta

intake-rate-limited-title = Espera un minuto, por favor
intake-rate-limited-text = Este formulario se envió muchas veces desde tu conexión en el último minuto. Espera un minuto y vuelve a intentarlo. Tus respuestas no se guardaron.
intake-cross-origin-title = Este formulario se debe enviar desde nuestro sitio
intake-cross-origin-text = El formulario llegó desde otro sitio web, así que no se aceptó. Abre el formulario en nuestro sitio y envíalo desde ahí.
intake-bad-type-title = No pudimos leer el formulario
intake-bad-type-text = Las respuestas llegaron en un formato que este formulario no acepta. Abre el formulario en nuestro sitio y envíalo desde ahí.
intake-too-large-title = Tus respuestas son demasiado largas
intake-too-large-text = El formulario era demasiado largo para aceptarlo. Acorta las respuestas más largas y vuelve a enviarlo.
intake-not-saved-title = Tus respuestas no se guardaron
intake-not-saved-text = Algo falló de nuestro lado y no se guardó nada. Inténtalo de nuevo en unos minutos o llámanos por teléfono.

# Fechas, p. ej. "5 de octubre de 2026".
date-long = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

# El botón de envío del formulario, cuando el esquema no le da nombre.
form-submit = Enviar

## Bloques en el texto de una página (article.html, page.html, faq.html, glossary.html)

callout-note = Nota
callout-tip = Consejo
callout-important = Importante
callout-warning = Advertencia
callout-caution = Precaución
key-points-heading = Puntos clave
sources-heading = Fuentes
source-label = Fuente { $number }
source-back = { $count ->
    [one] Volver al texto
   *[other] Volver a la cita { $mention } en el texto
}
glossary-term-button = ¿Qué significa «{ $term }»?
glossary-term-more = Más en el glosario
glossary-term-close = Cerrar
glossary-letters-label = Términos por su primera letra
