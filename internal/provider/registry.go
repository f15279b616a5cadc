package provider

// registry lists every type the provider serves. Each API room adds its
// constructors here and nowhere else.
func registry() Registry {
	return Registry{}
}
