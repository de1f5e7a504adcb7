//! Every JSON number of the API's types is a `crate::Number`: typify writes an inline
//! `type: number` property as `f64`, which would put `15000.0` on the wire for an amount of
//! `15000` and compare amounts as floats. Named number schemas are already aliases of `Number`
//! (`own_types`); this pass does the same for the inline ones.

use syn::visit_mut::VisitMut;

/// Rewrites every `f64` and `f32` type in the struct fields of `file` to `crate::Number`.
pub fn exact_numbers(file: &mut syn::File) {
    struct Floats;
    impl VisitMut for Floats {
        fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
            if ty.qself.is_none() && (ty.path.is_ident("f64") || ty.path.is_ident("f32")) {
                *ty = syn::parse_quote!(crate::Number);
                return;
            }
            syn::visit_mut::visit_type_path_mut(self, ty);
        }
    }
    for item in &mut file.items {
        if let syn::Item::Struct(item) = item {
            Floats.visit_fields_mut(&mut item.fields);
        }
    }
}
