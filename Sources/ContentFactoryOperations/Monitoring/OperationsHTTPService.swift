import FlyingFox
import FlyingSocks
import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import Synchronization

/// The daemon's HTTP listener (FlyingFox: its own epoll thread, no SwiftNIO): `/metrics` (Prometheus
/// text), `/healthz` (200 while the work loop and the heartbeat go round, 503 otherwise) and `/`
/// (the status page). Read-only; GET and HEAD only.
package final class OperationsHTTPService: Service, Sendable {
    /// What the routes answer with.
    package struct Handlers: Sendable {
        /// The Prometheus exposition text.
        package var metrics: @Sendable () -> String
        /// Whether the daemon is alive.
        package var isAlive: @Sendable () -> Bool
        /// The status page's data.
        package var snapshot: @Sendable () async throws -> StatusSnapshot

        /// Wires the three routes to the daemon's state; each closure is called per request.
        package init(metrics: @escaping @Sendable () -> String, isAlive: @escaping @Sendable () -> Bool,
                    snapshot: @escaping @Sendable () async throws -> StatusSnapshot) {
            self.metrics = metrics
            self.isAlive = isAlive
            self.snapshot = snapshot
        }
    }

    private let server: HTTPServer
    private let address: ListenAddress
    private let logger: Logger
    private let routes: Routes

    /// - Throws: when `address` cannot be made a socket address.
    package init(address: ListenAddress, handlers: Handlers, page: StatusPage, logger: Logger) throws {
        self.address = address
        self.logger = logger
        let timeout: TimeInterval = 15
        server = switch address.family {
        case .ipv4: HTTPServer(address: try .inet(ip4: address.host, port: address.port), timeout: timeout, logger: .disabled)
        case .ipv6: HTTPServer(address: try .inet6(ip6: address.host, port: address.port), timeout: timeout, logger: .disabled)
        }
        routes = Routes(handlers: handlers, page: page, logger: logger)
    }

    /// Serves until graceful shutdown, then stops the server with a one-second grace.
    ///
    /// - Throws: when the socket cannot be bound or the server fails other than by being stopped.
    package func run() async throws {
        let routes = self.routes
        await server.appendRoute("GET,HEAD /metrics") { _ in routes.metrics() }
        await server.appendRoute("GET,HEAD /healthz") { _ in routes.health() }
        await server.appendRoute("GET,HEAD /") { _ in await routes.statusPage() }
        await server.appendRoute("*") { _ in Routes.text("not found\n", status: .notFound) }
        logger.info("HTTP listening", metadata: ["address": "\(address)"])
        let stopping = Mutex(false)
        do {
            try await withGracefulShutdownHandler {
                try await server.run()
            } onGracefulShutdown: { [server] in
                stopping.withLock { $0 = true }
                Task { await server.stop(timeout: 1) }
            }
        } catch where stopping.withLock({ $0 }) {
            // Stopping closes the listening socket under the accept loop, which then throws.
        }
    }

    private struct Routes: Sendable {
        var handlers: Handlers
        var page: StatusPage
        var logger: Logger

        func metrics() -> HTTPResponse {
            Self.text(handlers.metrics(), status: .ok, type: "text/plain; version=0.0.4; charset=utf-8")
        }

        func health() -> HTTPResponse {
            handlers.isAlive() ? Self.text("ok\n", status: .ok) : Self.text("work loop or heartbeat stalled\n", status: .serviceUnavailable)
        }

        func statusPage() async -> HTTPResponse {
            do {
                let html = page.render(try await handlers.snapshot())
                return Self.text(html, status: .ok, type: "text/html; charset=utf-8")
            } catch {
                logger.warning("status page query failed", metadata: ["error": "\(error)"])
                return Self.text("cannot read the queue: \(error)\n", status: .serviceUnavailable)
            }
        }

        static func text(_ body: String, status: HTTPStatusCode, type: String = "text/plain; charset=utf-8") -> HTTPResponse {
            HTTPResponse(statusCode: status, headers: [.contentType: type, .cacheControl: "no-store"], body: Data(body.utf8))
        }
    }
}
