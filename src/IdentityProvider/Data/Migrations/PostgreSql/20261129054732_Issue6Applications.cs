using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Issue6Applications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ApprovedAt",
                table: "Fachanwendungen",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovedBy",
                table: "Fachanwendungen",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BackChannelLogoutUri",
                table: "Fachanwendungen",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyStamp",
                table: "Fachanwendungen",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTime>(
                name: "CreatedAt",
                table: "Fachanwendungen",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<bool>(
                name: "ManagementAccess",
                table: "Fachanwendungen",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OwnerUserId",
                table: "Fachanwendungen",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApplicationSecrets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FachanwendungId = table.Column<Guid>(type: "uuid", nullable: false),
                    Hash = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Hint = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationSecrets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicationSecrets_Fachanwendungen_FachanwendungId",
                        column: x => x.FachanwendungId,
                        principalTable: "Fachanwendungen",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BackChannelLogoutDeliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LogoutUri = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Subject = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    SessionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AbandonedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackChannelLogoutDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ClientSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ClientId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClientSessions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Fachanwendungen_OwnerUserId",
                table: "Fachanwendungen",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationSecrets_FachanwendungId",
                table: "ApplicationSecrets",
                column: "FachanwendungId");

            migrationBuilder.CreateIndex(
                name: "IX_BackChannelLogoutDeliveries_DeliveredAt_AbandonedAt_NextAtt~",
                table: "BackChannelLogoutDeliveries",
                columns: new[] { "DeliveredAt", "AbandonedAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ClientSessions_SessionId_ClientId",
                table: "ClientSessions",
                columns: new[] { "SessionId", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ClientSessions_UserId_ClientId",
                table: "ClientSessions",
                columns: new[] { "UserId", "ClientId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApplicationSecrets");

            migrationBuilder.DropTable(
                name: "BackChannelLogoutDeliveries");

            migrationBuilder.DropTable(
                name: "ClientSessions");

            migrationBuilder.DropIndex(
                name: "IX_Fachanwendungen_OwnerUserId",
                table: "Fachanwendungen");

            migrationBuilder.DropColumn(
                name: "ApprovedAt",
                table: "Fachanwendungen");

            migrationBuilder.DropColumn(
                name: "ApprovedBy",
                table: "Fachanwendungen");

            migrationBuilder.DropColumn(
                name: "BackChannelLogoutUri",
                table: "Fachanwendungen");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "Fachanwendungen");

            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "Fachanwendungen");

            migrationBuilder.DropColumn(
                name: "ManagementAccess",
                table: "Fachanwendungen");

            migrationBuilder.DropColumn(
                name: "OwnerUserId",
                table: "Fachanwendungen");
        }
    }
}
