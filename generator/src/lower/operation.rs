//! Paths and operations → [`Operation`]s: parameters, bodies, responses, security.

use super::schema::Naming;
use super::{shape, Lowerer};
use crate::diag::child;
use crate::model::*;
use crate::names::{self, Scope};
use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode};
use std::collections::{BTreeMap, HashMap};

/// A parameter after path- and operation-level lists are merged: its first position,
/// the parameter, its pointer and the component it came from.
type MergedParam<'a> = (usize, &'a Parameter, String, Option<String>);

/// A response component lowered once and shared by every operation that uses it.
#[derive(Clone)]
pub(crate) struct LoweredResponse {
    doc: Option<String>,
    content: ResponseContent,
    headers: Vec<Header>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let mut scope = Scope::with_reserved(names::CLIENT_BUILDER_METHODS);
        let mut out = Vec::new();
        for (wire, scheme) in &self.components.security_schemes {
            let pointer = child("#/components/securitySchemes", wire);
            let Some(r) = self.resolve(scheme, "securitySchemes", &self.components.security_schemes, &pointer) else {
                continue;
            };
            use openapiv3::SecurityScheme as S;
            let (kind, doc) = match r.item {
                S::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (
                        SecurityKind::ApiKey {
                            location,
                            name: name.clone(),
                        },
                        description.clone(),
                    )
                }
                S::HTTP {
                    scheme, description, ..
                } => {
                    let kind = match scheme.to_ascii_lowercase().as_str() {
                        "basic" => SecurityKind::Basic,
                        "bearer" => SecurityKind::Bearer,
                        other => {
                            self.diags.warning(&pointer, format!("HTTP scheme {other:?} is not supported; its credential is sent as `Authorization: Bearer …`"));
                            SecurityKind::Bearer
                        }
                    };
                    (kind, description.clone())
                }
                S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                    (SecurityKind::Bearer, description.clone())
                }
            };
            let rust_name = scope.claim_ident(names::value_name(wire));
            out.push(SecurityScheme {
                wire_name: wire.clone(),
                rust_name: rust_name.clone(),
                with_setter: names::prefixed("with_", &rust_name),
                doc,
                kind,
            });
        }
        out
    }

    /// The tags the spec declares, first declaration of a name kept. Trait names are given
    /// once every tag is known (see `name_tags`).
    pub(super) fn declared_tags(&self) -> Vec<Tag> {
        let mut tags: Vec<Tag> = Vec::new();
        for t in &self.doc.tags {
            if !tags.iter().any(|seen| seen.wire_name == t.name) {
                tags.push(Tag {
                    wire_name: t.name.clone(),
                    trait_name: String::new(),
                    description: t.description.clone(),
                });
            }
        }
        tags
    }

    fn tag_index(&mut self, wire: &str) -> usize {
        if let Some(i) = self.api.tags.iter().position(|t| t.wire_name == wire) {
            return i;
        }
        self.api.tags.push(Tag {
            wire_name: wire.to_owned(),
            trait_name: String::new(),
            description: None,
        });
        self.api.tags.len() - 1
    }

    pub(super) fn operations(&mut self) {
        let mut fn_scope = Scope::with_reserved(
            &[
                names::CLIENT_METHODS,
                names::CLIENT_TRAIT_METHODS,
                names::SERVER_HOOKS_METHODS,
            ]
            .concat(),
        );
        let mut op_types = Scope::new();
        let mut seen_ids: HashMap<String, String> = HashMap::new();
        let mut routes: BTreeMap<(String, Method), String> = BTreeMap::new();
        let mut filter = super::filter::OperationFilter::new(&self.settings.filter);
        for (path, item) in &self.doc.paths.paths {
            let path_pointer = child("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.diags.error(
                        &path_pointer,
                        format!("path item reference {reference:?} is not supported"),
                    );
                    continue;
                }
            };
            for (method, op) in methods(item) {
                let pointer = child(&path_pointer, &method.as_str().to_ascii_lowercase());
                let wire_id = match &op.operation_id {
                    Some(id) => {
                        if let Some(first) = seen_ids.get(id) {
                            self.diags
                                .error(&pointer, format!("duplicate operationId {id:?}: also used at {first}"));
                            continue;
                        }
                        seen_ids.insert(id.clone(), pointer.clone());
                        id.clone()
                    }
                    None => derived_id(method, path),
                };
                if !filter.keeps(path, &op.tags, op.operation_id.as_deref()) {
                    continue;
                }
                let fn_name = fn_scope.claim_ident(names::value_name(&wire_id));
                let type_name = op_types.claim(names::type_name(fn_name.as_str()));
                let tag = match op.tags.first() {
                    Some(t) => self.tag_index(t),
                    None => self.tag_index(""),
                };
                let params = self.params(&item.parameters, &op.parameters, &type_name, &pointer, path);
                let body = op
                    .request_body
                    .as_ref()
                    .and_then(|b| self.request_body(b, &type_name, &child(&pointer, "requestBody")));
                let mut responses = self.responses(&op.responses, &type_name, &child(&pointer, "responses"));
                if method == Method::Head {
                    // HTTP sends no body in answer to HEAD (RFC 9110 §9.3.2); specs often
                    // copy GET's responses. The headers stay.
                    for r in responses
                        .iter_mut()
                        .filter(|r| !matches!(r.content, ResponseContent::Empty))
                    {
                        self.diags.warning(
                            &r.origin.pointer,
                            "a response to HEAD carries no body; the documented body is left out of its type \
                             (its media type is still sent as `Content-Type`)",
                        );
                        r.head_media = r.content.bodies().first().map(|b| media::sent_as(&b.media_type));
                        r.content = ResponseContent::Empty;
                    }
                }
                let path_parts = path_parts(path, &params);
                let (server_route, route_affixes) = match server_route(path) {
                    Ok((route, affixes)) => match routes.get(&(route.clone(), method)) {
                        Some(first) => {
                            self.diags.warning(&pointer, format!("the server cannot tell this operation from the one at {first} (same method and path shape); it is not routed"));
                            (None, Vec::new())
                        }
                        None => {
                            routes.insert((route.clone(), method), pointer.clone());
                            (Some(route), affixes)
                        }
                    },
                    Err(why) => {
                        self.diags
                            .warning(&pointer, format!("the server does not route this path: {why}"));
                        (None, Vec::new())
                    }
                };
                let (mut security, security_optional) =
                    self.security(op.security.as_ref().or(self.doc.security.as_ref()), &pointer);
                if security.is_empty() && self.requires_authorization(&item.parameters, &op.parameters) {
                    security.push(vec![self.authorization_scheme(&pointer)]);
                }
                self.api.operations.push(Operation {
                    wire_id,
                    handler: names::prefixed("handle_", &fn_name),
                    fn_name,
                    ok_enum: format!("{type_name}Response"),
                    error_enum: format!("{type_name}Error"),
                    ok_same_as: None,
                    error_same_as: None,
                    request_builder: format!("{type_name}Request"),
                    type_name,
                    method,
                    path: path.clone(),
                    path_parts,
                    server_route,
                    route_affixes,
                    origin: Origin { pointer },
                    summary: op.summary.clone(),
                    description: op.description.clone(),
                    deprecated: op.deprecated,
                    tag,
                    gate: crate::model::Gate::default(),
                    params,
                    body,
                    responses,
                    security,
                    security_optional,
                });
            }
        }
        for message in filter.unmatched() {
            self.diags.error("#/paths", message);
        }
        self.name_tags();
    }

    /// Names each tag's server trait after the tag. Operations without a tag go into a
    /// trait named after the API (`info.title`: `Swagger Petstore` → `SwaggerPetstore`,
    /// `Api` if the title gives no name), named after the tags so that a tag of that name
    /// keeps its own and the API's takes the suffix.
    fn name_tags(&mut self) {
        let mut scope = Scope::with_reserved(names::SERVER_REEXPORTS);
        for tag in self.api.tags.iter_mut().filter(|t| !t.wire_name.is_empty()) {
            tag.trait_name = scope.claim(names::type_name(&tag.wire_name));
        }
        let own = match names::type_name(&self.api.title) {
            title if title == "Empty" => "Api".to_owned(),
            title => title,
        };
        for tag in self.api.tags.iter_mut().filter(|t| t.wire_name.is_empty()) {
            tag.trait_name = scope.claim(own.clone());
        }
    }

    fn params(
        &mut self,
        path_level: &'a [ReferenceOr<Parameter>],
        op_level: &'a [ReferenceOr<Parameter>],
        op_type: &str,
        pointer: &str,
        path: &str,
    ) -> Vec<Param> {
        // Operation parameters override path-level ones with the same name and location.
        let mut merged: BTreeMap<(ParamLocation, String), MergedParam<'a>> = BTreeMap::new();
        let levels = [
            (
                path_level,
                pointer.rsplit_once('/').map_or(pointer, |(p, _)| p).to_owned(),
            ),
            (op_level, pointer.to_owned()),
        ];
        let mut order = 0;
        for (list, base) in levels {
            for (i, p) in list.iter().enumerate() {
                let at = format!("{}/{i}", child(&base, "parameters"));
                let Some(r) = self.resolve(p, "parameters", &self.components.parameters, &at) else {
                    continue;
                };
                let data = r.item.parameter_data_ref();
                let location = location_of(r.item);
                let key = (location, data.name.clone());
                let slot = merged.get(&key).map_or(order, |e| e.0);
                order += 1;
                merged.insert(key, (slot, r.item, r.pointer, r.name));
            }
        }
        let mut entries: Vec<_> = merged.into_values().collect();
        entries.sort_by_key(|e| e.0);
        // Parameters sit beside two arguments every client or server method may have: the
        // request body and the server's credentials. Generated locals start with `__`, which
        // no parameter name does, so they need no reservation.
        let mut scope = Scope::with_reserved(&["body", "context", "credentials"]);
        let mut out = Vec::new();
        let template = template_names(path);
        // A path parameter's capture is its place in the template, not in the declarations.
        let capture = |location: ParamLocation, name: &str| {
            (location == ParamLocation::Path)
                .then(|| template.iter().position(|t| t == name))
                .flatten()
        };
        for (_, p, at, component) in entries {
            let data = p.parameter_data_ref();
            let location = location_of(p);
            if location == ParamLocation::Header && RESERVED_HEADERS.iter().any(|h| data.name.eq_ignore_ascii_case(h)) {
                self.diags.warning(
                    &at,
                    format!(
                        "header parameter {:?} is ignored, as OpenAPI requires of `Accept`, `Content-Type` and \
                         `Authorization`: the client sends these from the operation's media types and security \
                         (another value can be set as a default header of the `reqwest::Client` given to \
                         `ClientBuilder::http_client`), and a server handler reads them from `RequestContext::headers`",
                        data.name
                    ),
                );
                continue;
            }
            // Components and path-level parameters are shared by operations: lower them once.
            let shared = component.is_some() || !at.starts_with(pointer);
            let hint = match (&component, shared) {
                (Some(c), _) => names::type_name(c),
                (None, true) => names::type_name(&data.name),
                (None, false) => format!("{op_type}{}", names::type_name(&data.name)),
            };
            let cached = if shared {
                self.param_types.get(&at).cloned()
            } else {
                None
            };
            // `content` with a JSON media type: the value travels as its JSON text.
            let json = match &data.format {
                ParameterSchemaOrContent::Content(content) => content
                    .iter()
                    .next()
                    .filter(|(m, _)| media::body_format(m) == BodyFormat::Json && location != ParamLocation::Cookie)
                    .and_then(|(m, media)| Some((m, media.schema.as_ref()?))),
                ParameterSchemaOrContent::Schema(_) => None,
            };
            let mut ty = match (&data.format, cached, json) {
                (_, Some(ty), _) => ty,
                (ParameterSchemaOrContent::Schema(s), None, _) => {
                    let ty = self.param_schema(s, &child(&at, "schema"), Naming::Inline(hint));
                    if shared {
                        self.param_types.insert(at.clone(), ty.clone());
                    }
                    ty
                }
                (ParameterSchemaOrContent::Content(_), None, Some((media_type, schema))) => {
                    let schema_at = child(&child(&child(&at, "content"), media_type), "schema");
                    let ty = self.schema_ref(schema, &schema_at, Naming::Inline(hint));
                    if shared {
                        self.param_types.insert(at.clone(), ty.clone());
                    }
                    ty
                }
                (ParameterSchemaOrContent::Content(content), None, None) => {
                    // Text is a string as it is; anything else is passed as its raw text.
                    if !content.keys().all(|m| media::body_format(m) == BodyFormat::Text) {
                        self.diags.warning(
                            &at,
                            "a `content` parameter whose media type is not JSON or text (or JSON in a cookie, \
                             which cannot carry its quotes and commas) is passed as its raw string",
                        );
                    }
                    TypeRef::string()
                }
            };
            if let TypeRef::Nullable(inner) = ty {
                ty = *inner;
            }
            let mut shape = match (&data.format, json) {
                (ParameterSchemaOrContent::Schema(s), _) => shape::of_ref(s),
                (ParameterSchemaOrContent::Content(_), Some((_, schema))) => shape::of_ref(schema),
                (ParameterSchemaOrContent::Content(_), None) => Shape::string(),
            };
            shape.nullable = false;
            if let Some(example) = &data.example {
                shape.example = Some(example.clone());
            }
            let kind = if json.is_some() {
                Some(ParamKind::Json)
            } else if self.api.is_text(&ty, false) {
                Some(ParamKind::Scalar)
            } else if matches!(&ty, TypeRef::List(inner) if self.api.is_text(inner, false)) {
                Some(ParamKind::List)
            } else if matches!(ty, TypeRef::Primitive(Primitive::Bytes)) {
                None
            } else if location == ParamLocation::Query || self.api.is_flat_object(&ty) {
                Some(ParamKind::Object)
            } else {
                None
            };
            let kind = match kind {
                Some(kind) => kind,
                None => {
                    let what = if ty == TypeRef::json() {
                        "has no type"
                    } else {
                        "has a structured type"
                    };
                    self.diags.warning(
                        &at,
                        format!(
                            "{} parameter {:?} {what}; it is passed as its raw string",
                            location.as_str(),
                            data.name
                        ),
                    );
                    ty = TypeRef::string();
                    shape = Shape::string();
                    ParamKind::Scalar
                }
            };
            let wire = self.param_wire(p, kind, &ty, &at);
            let required = data.required || location == ParamLocation::Path;
            if location == ParamLocation::Path && !path.contains(&format!("{{{}}}", data.name)) {
                // Published specs have this mistake; the parameter cannot be sent anyway.
                self.diags.warning(
                    &at,
                    format!(
                        "path parameter {:?} does not appear in the path {path:?}; it is left out",
                        data.name
                    ),
                );
                continue;
            }
            // A default matters where the parameter may be left out.
            let default = match &data.format {
                ParameterSchemaOrContent::Schema(s) if !required => self.schema_default(s),
                _ => None,
            };
            // A default that is no value of the type could never be applied: say so.
            let default = default.filter(|d| {
                let fits = self.api.value_fits(&ty, d);
                if !fits {
                    self.diags.warning(
                        &child(&child(&at, "schema"), "default"),
                        format!(
                            "parameter {:?}: the default {d} is no value of its type; a request that leaves \
                             the parameter out gets no default",
                            data.name
                        ),
                    );
                }
                fits
            });
            out.push(Param {
                wire_name: data.name.clone(),
                rust_name: scope.claim_ident(names::value_name(&data.name)),
                location,
                required,
                ty,
                doc: data.description.clone(),
                default,
                wire,
                capture: capture(location, &data.name),
                shape,
            });
        }
        for name in &template {
            if !out
                .iter()
                .any(|p| p.location == ParamLocation::Path && &p.wire_name == name)
            {
                self.diags.warning(
                    pointer,
                    format!("path template variable {{{name}}} has no path parameter; it is taken as a string"),
                );
                out.push(Param {
                    rust_name: scope.claim_ident(names::value_name(name)),
                    wire_name: name.clone(),
                    location: ParamLocation::Path,
                    required: true,
                    ty: TypeRef::string(),
                    doc: None,
                    default: None,
                    wire: ParamWire {
                        style: ParamStyle::Simple,
                        explode: false,
                        allow_reserved: false,
                        kind: ParamKind::Scalar,
                    },
                    capture: capture(ParamLocation::Path, name),
                    shape: Shape::string(),
                });
            }
        }
        // Path parameters first, in the order the path names them (`/orgs/{org}/repos/{repo}`
        // gives `org, repo`, however the spec lists them), then the others as declared: the
        // order of a client's arguments, which then follows what a reader sees in the path.
        out.sort_by_key(|p| match (p.location, p.capture) {
            (ParamLocation::Path, Some(i)) => (0, i),
            _ => (1, 0),
        });
        out
    }

    /// A schema's `default`, through a `$ref` to a component schema.
    fn schema_default(&self, s: &ReferenceOr<openapiv3::Schema>) -> Option<serde_json::Value> {
        let mut s = s;
        for _ in 0..8 {
            match s {
                ReferenceOr::Item(schema) => return schema.schema_data.default.clone(),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    s = self.components.schemas.get(name)?;
                }
            }
        }
        None
    }

    /// How a parameter is written: its style, `explode` (by default only for `form`) and
    /// `allowReserved`, for a value of `kind`. A combination OpenAPI leaves undefined gets
    /// a warning that names what is written instead.
    fn param_wire(&mut self, p: &Parameter, kind: ParamKind, ty: &TypeRef, at: &str) -> ParamWire {
        use openapiv3::{PathStyle, QueryStyle};
        let data = p.parameter_data_ref();
        let (declared, allow_reserved) = match p {
            Parameter::Query {
                style, allow_reserved, ..
            } => (
                match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
                *allow_reserved,
            ),
            Parameter::Path { style, .. } => (
                match style {
                    PathStyle::Simple => ParamStyle::Simple,
                    PathStyle::Label => ParamStyle::Label,
                    PathStyle::Matrix => ParamStyle::Matrix,
                },
                false,
            ),
            Parameter::Header { .. } => (ParamStyle::Simple, false),
            Parameter::Cookie { .. } => (ParamStyle::Form, false),
        };
        self.settle_wire(
            &format!("parameter {:?}", data.name),
            declared,
            data.explode,
            allow_reserved,
            kind,
            ty,
            at,
        )
    }

    /// How a value of `kind` is written in the `declared` style (`explode` by default only
    /// for `form`): a combination OpenAPI leaves undefined gets a warning, naming `what`,
    /// that says what is written instead.
    #[allow(clippy::too_many_arguments)]
    fn settle_wire(
        &mut self,
        what: &str,
        declared: ParamStyle,
        explode: Option<bool>,
        allow_reserved: bool,
        kind: ParamKind,
        ty: &TypeRef,
        at: &str,
    ) -> ParamWire {
        let explicit_explode = explode;
        let explode = explode.unwrap_or(declared == ParamStyle::Form);
        let mut fallback = |style: ParamStyle, explode: bool, why: &str| {
            let declared = declared.as_str();
            let written = if style == ParamStyle::DeepObject {
                "deepObject-style (`name[key]=…`)".to_owned()
            } else {
                format!("{}-style with explode {explode}", style.as_str())
            };
            self.diags.warning(
                at,
                format!("{what}: style {declared} {why}, which OpenAPI does not define; it is written {written}"),
            );
            (style, explode)
        };
        let nested = kind == ParamKind::Object && !self.api.is_flat_object(ty);
        let (style, explode) = match declared {
            // Only a deepObject nests; a value that does not fit one level goes that way.
            ParamStyle::Form | ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited if nested => {
                fallback(ParamStyle::DeepObject, true, "with a nested or non-object value")
            }
            ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited if kind == ParamKind::Scalar => {
                fallback(ParamStyle::Form, explode, "with a single value")
            }
            ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited if explode => {
                fallback(ParamStyle::Form, true, "with explode true")
            }
            ParamStyle::DeepObject if kind != ParamKind::Object => {
                fallback(ParamStyle::Form, true, "with a value that is not an object")
            }
            ParamStyle::DeepObject if explicit_explode == Some(false) => {
                fallback(ParamStyle::DeepObject, true, "with explode false")
            }
            ParamStyle::DeepObject => (ParamStyle::DeepObject, true),
            style => (style, explode),
        };
        ParamWire {
            style,
            explode,
            allow_reserved,
            kind,
        }
    }

    /// How each property of a form body of type `ty` travels (OpenAPI 3.1.1 §4.8.15). An
    /// `encoding` entry that names a `style`, `explode` or `allowReserved` writes it as a
    /// query parameter of its name would be. Otherwise its `contentType` decides, by default
    /// `text/plain` for a scalar (its text), for each item of a list of scalars (the name
    /// repeated), and `application/json` for anything else (its JSON text).
    fn form_fields(&mut self, media: &openapiv3::MediaType, ty: &TypeRef, at: &str) -> Vec<FormField> {
        use openapiv3::QueryStyle;
        let Some(fields) = self.api.struct_fields(ty) else {
            return Vec::new();
        };
        let fields: Vec<(String, TypeRef)> = fields.iter().map(|f| (f.wire_name.clone(), f.ty.clone())).collect();
        let mut out = Vec::new();
        for (name, ty) in fields {
            let ty = match ty {
                TypeRef::Nullable(inner) => *inner,
                ty => ty,
            };
            let kind = if self.api.is_text(&ty, false) {
                ParamKind::Scalar
            } else if matches!(&ty, TypeRef::List(inner) if self.api.is_text(inner, false)) {
                ParamKind::List
            } else {
                ParamKind::Object
            };
            let encoding = media.encoding.get(&name);
            let at = child(&child(at, "encoding"), &name);
            // The loader wrote out `style` wherever the entry named any of `style`, `explode`
            // or `allowReserved`.
            let styled = encoding.filter(|e| e.style.is_some());
            let wire = match styled {
                Some(encoding) => {
                    let style = match encoding.style {
                        None | Some(QueryStyle::Form) => ParamStyle::Form,
                        Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                        Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                        Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
                    };
                    // The loader wrote out a default `explode` where a style is named; a
                    // deepObject's `false` is then no choice of the spec's.
                    let explode = match style {
                        ParamStyle::DeepObject if !encoding.explode => None,
                        _ => Some(encoding.explode),
                    };
                    // A deepObject list or scalar, which OpenAPI leaves undefined, is written
                    // as the form-reading servers that publish such encodings (Stripe, Rails,
                    // PHP) read it: a list with indices (`expand[0]=a`), a scalar as itself
                    // (`name=a`, which is also what brackets would write).
                    let (style, kind) = match (style, kind) {
                        (ParamStyle::DeepObject, ParamKind::List) => (style, ParamKind::Object),
                        (ParamStyle::DeepObject, ParamKind::Scalar) => (ParamStyle::Form, kind),
                        (style, kind) => (style, kind),
                    };
                    self.settle_wire(
                        &format!("property {name:?}"),
                        style,
                        explode,
                        encoding.allow_reserved,
                        kind,
                        &ty,
                        &at,
                    )
                }
                None => {
                    let declared = encoding.and_then(|e| e.content_type.as_deref());
                    let json = match declared {
                        Some(types) => types.split(',').any(|m| media::body_format(m) == BodyFormat::Json),
                        None => kind == ParamKind::Object,
                    };
                    if kind == ParamKind::Object && !json {
                        self.diags.warning(
                            &at,
                            format!(
                                "property {name:?}: a structured value in contentType {} has no text form; it is sent as JSON",
                                declared.unwrap_or_default()
                            ),
                        );
                    }
                    ParamWire {
                        style: ParamStyle::Form,
                        explode: true,
                        allow_reserved: false,
                        kind: if json || kind == ParamKind::Object {
                            ParamKind::Json
                        } else {
                            kind
                        },
                    }
                }
            };
            out.push(FormField { wire_name: name, wire });
        }
        out
    }

    fn request_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        op_type: &str,
        pointer: &str,
    ) -> Option<RequestBody> {
        let r = self.resolve(body, "requestBodies", &self.components.request_bodies, pointer)?;
        if let Some(name) = &r.name {
            if let Some(cached) = self.request_bodies.get(name) {
                return cached.clone();
            }
        }
        let hint = r
            .name
            .as_deref()
            .map(names::type_name)
            .unwrap_or_else(|| format!("{op_type}Body"));
        let lowered = self
            .media(&r.item.content, &hint, &child(&r.pointer, "content"))
            .map(|(media_type, format, ty, shape)| {
                let accepted = accepted_media(&r.item.content, format, &media_type);
                let unread: Vec<&str> = r
                    .item
                    .content
                    .keys()
                    .filter(|m| media::body_format(m) != format)
                    .map(String::as_str)
                    .collect();
                if !unread.is_empty() {
                    self.diags.warning(
                        &child(&r.pointer, "content"),
                        format!(
                            "the body is read as {media_type} only: a request in {} is answered 415",
                            unread.join(", ")
                        ),
                    );
                }
                (media_type, format, ty, shape, accepted)
            })
            .map(|(media_type, format, ty, shape, accepted)| {
                let form_fields = match (format, r.item.content.get(&media_type)) {
                    (BodyFormat::Form, Some(media)) => {
                        self.form_fields(media, &ty, &child(&child(&r.pointer, "content"), &media_type))
                    }
                    _ => Vec::new(),
                };
                (media_type, format, ty, shape, accepted, form_fields)
            })
            .map(|(media_type, format, ty, shape, accepted, form_fields)| RequestBody {
                form_fields,
                required: r.item.required,
                accepted,
                media_type,
                format,
                ty,
                doc: r.item.description.clone(),
                shape,
            });
        if let Some(name) = r.name {
            self.request_bodies.insert(name, lowered.clone());
        }
        lowered
    }

    /// Picks the media type to generate for and lowers its schema.
    fn media(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        hint: &str,
        pointer: &str,
    ) -> Option<(String, BodyFormat, TypeRef, Shape)> {
        let (media_type, media) = content.iter().min_by_key(|(m, _)| format_rank(m))?;
        let format = media::body_format(media_type);
        let at = child(pointer, media_type);
        if media_type.starts_with("multipart/") {
            self.diags.warning(
                &at,
                "multipart bodies are passed as raw bytes: the caller encodes them, boundary included",
            );
        }
        let ty = self.body_type(media, format, &child(&at, "schema"), hint.to_owned());
        Some((media_type.clone(), format, ty, media_shape(media, format)))
    }

    /// The Rust type of a body: bytes and text whatever the schema says, else the schema's.
    fn body_type(&mut self, media: &'a openapiv3::MediaType, format: BodyFormat, at: &str, hint: String) -> TypeRef {
        match (&media.schema, format) {
            (_, BodyFormat::Binary) => TypeRef::Primitive(Primitive::Bytes),
            (_, BodyFormat::Text) => TypeRef::string(),
            (Some(s), _) => self.schema_ref(s, at, Naming::Inline(hint)),
            (None, _) => TypeRef::json(),
        }
    }

    fn responses(&mut self, responses: &'a openapiv3::Responses, op_type: &str, pointer: &str) -> Vec<Response> {
        let mut list: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, String)> = Vec::new();
        for (code, r) in &responses.responses {
            let status = match code {
                StatusCode::Code(c) => StatusMatch::Code(*c),
                StatusCode::Range(r) => StatusMatch::Range(*r as u8),
            };
            list.push((status, r, child(pointer, &status.to_string())));
        }
        if let Some(d) = &responses.default {
            list.push((
                StatusMatch::Default,
                d,
                child(pointer, &StatusMatch::Default.to_string()),
            ));
        }
        if list.is_empty() {
            // Neither side could produce or accept any answer: assume one of any status.
            self.diags.warning(
                pointer,
                "the operation documents no response; a `default` response without a body is assumed",
            );
            let variant = "Default".to_owned();
            return vec![Response {
                status: StatusMatch::Default,
                variant,
                is_error: false,
                doc: Some("No response is documented: any status, body ignored.".to_owned()),
                origin: Origin {
                    pointer: pointer.to_owned(),
                },
                content: ResponseContent::Empty,
                headers: Vec::new(),
                head_media: None,
            }];
        }
        let has_success = list.iter().any(|(s, ..)| match s {
            StatusMatch::Code(c) => *c < 400,
            StatusMatch::Range(r) => *r < 4,
            StatusMatch::Default => false,
        });
        let mut scope = Scope::new();
        let mut out = Vec::new();
        for (status, r, at) in list {
            let variant = scope.claim(status_variant(status));
            let Some(lowered) = self.response(r, op_type, &variant, &at) else {
                continue;
            };
            let is_error = match status {
                StatusMatch::Code(c) => c >= 400,
                StatusMatch::Range(r) => r >= 4,
                StatusMatch::Default => has_success,
            };
            out.push(Response {
                status,
                variant,
                is_error,
                doc: lowered.doc,
                origin: Origin { pointer: at },
                content: lowered.content,
                headers: lowered.headers,
                head_media: None,
            });
        }
        out
    }

    fn response(
        &mut self,
        r: &'a ReferenceOr<openapiv3::Response>,
        op_type: &str,
        variant: &str,
        pointer: &str,
    ) -> Option<LoweredResponse> {
        let resolved = self.resolve(r, "responses", &self.components.responses, pointer)?;
        if let Some(name) = &resolved.name {
            if let Some(cached) = self.responses.get(name) {
                return cached.clone();
            }
        }
        let item = resolved.item;
        let hint = resolved
            .name
            .as_deref()
            .map(names::type_name)
            .unwrap_or_else(|| format!("{op_type}{variant}"));
        let body = self
            .media(&item.content, &hint, &child(&resolved.pointer, "content"))
            .map(|(media_type, format, ty, shape)| ResponseBody {
                media_type,
                format,
                ty,
                shape,
            });
        let content = match body {
            None => ResponseContent::Empty,
            Some(preferred) => match self.choices(&item.content, &preferred, &hint, &resolved.pointer) {
                Some(choices) => ResponseContent::ByMediaType(choices),
                None => ResponseContent::One(Box::new(preferred)),
            },
        };
        let mut scope = Scope::with_reserved(&["body", "status"]);
        let mut headers = Vec::new();
        for (name, h) in &item.headers {
            // HTTP itself sets these from the body and the connection; the value a handler
            // could put there would break the framing of the response.
            let managed = ["content-type", "content-length", "transfer-encoding", "connection"];
            if managed.iter().any(|m| name.eq_ignore_ascii_case(m)) {
                continue;
            }
            let at = child(&child(&resolved.pointer, "headers"), name);
            let Some(h) = self.resolve(h, "headers", &self.components.headers, &at) else {
                continue;
            };
            let hint = format!("{hint}{}", names::type_name(name));
            let (mut ty, mut shape) = match &h.item.format {
                ParameterSchemaOrContent::Schema(s) => (
                    self.schema_ref(s, &child(&h.pointer, "schema"), Naming::Inline(hint)),
                    shape::of_ref(s),
                ),
                ParameterSchemaOrContent::Content(_) => (TypeRef::string(), Shape::string()),
            };
            if let Some(example) = &h.item.example {
                shape.example = Some(example.clone());
            }
            if !self.api.is_text(&ty, false) {
                self.diags.warning(
                    &at,
                    format!("response header {name:?} has a structured type; it is kept as its raw string"),
                );
                ty = TypeRef::string();
                shape = Shape::string();
            }
            headers.push(Header {
                wire_name: name.clone(),
                rust_name: scope.claim_ident(names::value_name(name)),
                required: h.item.required,
                ty,
                doc: h.item.description.clone(),
                shape,
            });
        }
        let lowered = LoweredResponse {
            doc: Some(item.description.clone()).filter(|d| !d.is_empty()),
            content,
            headers,
        };
        if let Some(name) = resolved.name {
            self.responses.insert(name, Some(lowered.clone()));
        }
        Some(lowered)
    }

    /// When a response's media types carry different bodies, one variant per media type.
    fn choices(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        preferred: &ResponseBody,
        hint: &str,
        pointer: &str,
    ) -> Option<BodyChoices> {
        if content.len() < 2 {
            return None;
        }
        let mut bodies = Vec::new();
        for (media_type, media) in content {
            if *media_type == preferred.media_type {
                bodies.push(preferred.clone());
                continue;
            }
            let format = media::body_format(media_type);
            let at = child(&child(&child(pointer, "content"), media_type), "schema");
            let ty = self.body_type(media, format, &at, format!("{hint}{}", names::type_name(media_type)));
            bodies.push(ResponseBody {
                media_type: media_type.clone(),
                format,
                ty,
                shape: media_shape(media, format),
            });
        }
        if bodies
            .iter()
            .all(|b| b.format == preferred.format && b.ty == preferred.ty)
        {
            return None;
        }
        let mut scope = Scope::new();
        let preferred_at = bodies.iter().position(|b| b.media_type == preferred.media_type)?;
        let variants = bodies
            .into_iter()
            .map(|b| (scope.claim(names::type_name(&b.media_type)), b))
            .collect();
        let enum_name = self.body_enums.claim(names::type_name(&format!("{hint} body")));
        Some(BodyChoices {
            enum_name,
            variants,
            preferred: preferred_at,
        })
    }

    /// Whether the operation declares a required `Authorization` header parameter (which
    /// OpenAPI says to ignore, and `params` leaves out). An operation's own declaration
    /// overrides its path's, as for any parameter: an optional one there wins.
    fn requires_authorization(
        &mut self,
        path_level: &'a [ReferenceOr<Parameter>],
        op_level: &'a [ReferenceOr<Parameter>],
    ) -> bool {
        let authorization = |p: &'a ReferenceOr<Parameter>| {
            let item = match p {
                ReferenceOr::Item(item) => Some(item),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| self.components.parameters.get(name))
                    .and_then(|p| p.as_item()),
            };
            item.filter(|p| {
                matches!(p, Parameter::Header { .. })
                    && p.parameter_data_ref().name.eq_ignore_ascii_case("authorization")
            })
        };
        // The last declaration wins: the operation's over the path's.
        path_level
            .iter()
            .chain(op_level)
            .filter_map(authorization)
            .next_back()
            .is_some_and(|p| p.parameter_data_ref().required)
    }

    /// The credential that stands for a required `Authorization` header parameter where
    /// an operation has no security of its own: the header's whole value, a key the client
    /// sends and a server requires (401 without it). Made once, on first need.
    fn authorization_scheme(&mut self, pointer: &str) -> usize {
        let wire = "Authorization header";
        if let Some(i) = self.api.security_schemes.iter().position(|s| s.wire_name == wire) {
            return i;
        }
        let mut scope = Scope::with_reserved(names::CLIENT_BUILDER_METHODS);
        for s in &self.api.security_schemes {
            scope.claim(s.rust_name.as_str().to_owned());
        }
        let rust_name = scope.claim_ident(names::value_name("authorization"));
        self.diags.warning(
            pointer,
            format!(
                "the required `Authorization` header parameter is the operation's only authentication: it becomes \
                 the credential `{}` (the header's whole value; the client sends it from its builder's setter, \
                 a server answers 401 without it)",
                rust_name.as_str()
            ),
        );
        self.api.security_schemes.push(SecurityScheme {
            wire_name: wire.to_owned(),
            with_setter: names::prefixed("with_", &rust_name),
            rust_name,
            doc: Some(
                "The whole value of the `Authorization` header, which the spec declares as a required parameter."
                    .to_owned(),
            ),
            kind: SecurityKind::ApiKey {
                location: ParamLocation::Header,
                name: "Authorization".to_owned(),
            },
        });
        self.api.security_schemes.len() - 1
    }

    fn security(
        &mut self,
        reqs: Option<&Vec<openapiv3::SecurityRequirement>>,
        pointer: &str,
    ) -> (Vec<Vec<usize>>, bool) {
        let Some(reqs) = reqs else { return (Vec::new(), false) };
        let mut alternatives = Vec::new();
        let mut optional = false;
        for req in reqs {
            if req.is_empty() {
                optional = true;
                continue;
            }
            let mut all = Vec::new();
            for name in req.keys() {
                match self.api.security_schemes.iter().position(|s| &s.wire_name == name) {
                    Some(i) => all.push(i),
                    None => self.diags.error(
                        &child(pointer, "security"),
                        format!("security scheme {name:?} is not defined in `#/components/securitySchemes`"),
                    ),
                }
            }
            if !all.is_empty() {
                alternatives.push(all);
            }
        }
        (alternatives, optional)
    }
}

fn methods(item: &PathItem) -> Vec<(Method, &openapiv3::Operation)> {
    let all = [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ];
    all.into_iter()
        .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
        .collect()
}

/// The media types a server reads a body in: those declared that travel as `format` does,
/// and the concrete type a client sends for a range (`application/octet-stream` for
/// `image/*`), without parameters.
fn accepted_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    format: BodyFormat,
    sent: &str,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let declared = content.keys().filter(|m| media::body_format(m) == format);
    for m in declared
        .map(|m| media::essence(m))
        .chain([media::essence(&media::sent_as(sent))])
    {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// Header parameters whose definitions OpenAPI says SHALL be ignored.
const RESERVED_HEADERS: [&str; 3] = ["Accept", "Content-Type", "Authorization"];

fn location_of(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// `GET /pets/{id}/toys` → `get_pets_id_toys`.
fn derived_id(method: Method, path: &str) -> String {
    let mut id = method.as_str().to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        id.push_str(segment.trim_start_matches('{').trim_end_matches('}'));
    }
    id
}

/// Splits a template into literals and parameters; unknown names stay literal.
fn path_parts(path: &str, params: &[Param]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        let name = &rest[start + 1..start + len];
        let index = params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == name);
        if start > 0 {
            parts.push(PathPart::Literal(rest[..start].to_owned()));
        }
        match index {
            Some(i) => parts.push(PathPart::Param(i)),
            None => parts.push(PathPart::Literal(rest[start..start + len + 1].to_owned())),
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// The route for a server router, with positional whole-segment captures.
fn server_route(path: &str) -> Result<(String, Vec<(String, String)>), String> {
    let mut route = String::new();
    let mut affixes = Vec::new();
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            route.push('/');
        }
        match (segment.find('{'), segment.rfind('}')) {
            (Some(open), Some(close)) if open < close && segment.matches('{').count() == 1 => {
                // The router captures the whole segment; the handler checks and strips the
                // text around the parameter (`{name}.json`, `{name}:cancel`).
                route.push_str(&format!("{{p{}}}", affixes.len()));
                affixes.push((segment[..open].to_owned(), segment[close + 1..].to_owned()));
            }
            (None, None) if segment.starts_with([':', '*']) => {
                return Err(format!(
                    "segment {segment:?} starts with a character the router reserves"
                ));
            }
            (None, None) => route.push_str(segment),
            _ => {
                return Err(format!(
                    "segment {segment:?} holds more than one parameter or unmatched braces"
                ))
            }
        }
    }
    if !route.starts_with('/') {
        return Err("the path does not start with `/`".to_owned());
    }
    Ok((route, affixes))
}

/// The `{name}`s in a path template.
pub(crate) fn template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    out
}

/// The shape of a body: text and bytes whatever the schema says (as their types are), and
/// the media type's own example when it has one.
fn media_shape(media: &openapiv3::MediaType, format: BodyFormat) -> Shape {
    let mut shape = match (&media.schema, format) {
        (_, BodyFormat::Binary) => Shape::of(ShapeKind::String(StringShape {
            format: Some("binary".to_owned()),
            ..StringShape::default()
        })),
        (_, BodyFormat::Text) => Shape::string(),
        (Some(s), _) => shape::of_ref(s),
        (None, _) => Shape::default(),
    };
    let example = media.example.clone().or_else(|| {
        media.examples.values().find_map(|e| match e {
            ReferenceOr::Item(e) => e.value.clone(),
            ReferenceOr::Reference { .. } => None,
        })
    });
    if let (Some(example), BodyFormat::Json | BodyFormat::Form) = (example, format) {
        shape.example = Some(example);
    }
    shape
}

fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => http::StatusCode::from_u16(c)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map(names::type_name)
            .unwrap_or_else(|| format!("Status{c}")),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

/// Lower ranks are preferred when a status offers several media types.
fn format_rank(media_type: &str) -> (u8, String) {
    let rank = match media::body_format(media_type) {
        BodyFormat::Json => 0,
        BodyFormat::Form => 1,
        BodyFormat::Text => 2,
        BodyFormat::Binary => 3,
    };
    (rank, media_type.to_owned())
}
